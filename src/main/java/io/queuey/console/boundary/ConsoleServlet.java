package io.queuey.console.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the web console's files from the WAR's {@code /console/} folder. A servlet, not a JAX-RS
 * resource: its path mapping ({@code /console/*}) is more specific than JAX-RS's {@code /*} on
 * every container, and the files stay out of the OpenAPI document and the API's metrics by
 * endpoint. A missing file, a path that is not a plain file name under the folder, or the console
 * switched off ({@code queuey.console.enabled=false}) is the container's 404, which the error page
 * writes as the same JSON as for any unknown URL.
 */
@WebServlet(name = "Console", urlPatterns = "/console/*", asyncSupported = true)
public class ConsoleServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String FOLDER = "/console";

  /**
   * The page loads its scripts, styles and images only from this origin and talks only to it; no
   * inline script or style attribute runs; no page may frame it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  /** By file extension; the console ships nothing else (anything else is a 404). */
  static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "txt", "text/plain; charset=utf-8");

  @Inject
  @ConfigProperty(name = "queuey.console.enabled", defaultValue = "true")
  boolean enabled;

  /** The files, read once each: the WAR does not change while it runs. */
  private final transient Map<String, ConsoleFile> files = new ConcurrentHashMap<>();

  record ConsoleFile(byte[] bytes, String type, String etag) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, true);
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, false);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody)
      throws IOException {
    if (!enabled) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    securityHeaders(response);
    String path = request.getPathInfo();
    if (path == null) {
      // /console: relative links of the page resolve against /console/.
      response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      response.setHeader("Location", request.getContextPath() + FOLDER + "/");
      return;
    }
    String name = path.equals("/") ? "/index.html" : path;
    ConsoleFile file = find(name);
    if (file == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("ETag", file.etag());
    if (file.etag().equals(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType(file.type());
    response.setContentLength(file.bytes().length);
    if (withBody) {
      response.getOutputStream().write(file.bytes());
    }
  }

  static void securityHeaders(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
  }

  private ConsoleFile find(String name) throws IOException {
    String type = typeOf(name);
    if (type == null) {
      return null;
    }
    ConsoleFile known = files.get(name);
    if (known != null) {
      return known;
    }
    try (InputStream in = getServletContext().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        return null;
      }
      var bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      byte[] content = bytes.toByteArray();
      var file = new ConsoleFile(content, type, etagOf(content));
      files.put(name, file);
      return file;
    }
  }

  /**
   * The type of a safe name, or null: only {@code /segment/.../file.ext} made of letters, digits,
   * {@code - _ .} with no segment starting with a dot (so no {@code ..}, no hidden files, no
   * backslash or encoded separators, which the container has already decoded into the path).
   */
  static String typeOf(String name) {
    if (name.length() < 2 || name.length() > 200 || name.charAt(0) != '/') {
      return null;
    }
    boolean segmentStart = true;
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/') {
        if (segmentStart) {
          return null;
        }
        segmentStart = true;
        continue;
      }
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!plain || (segmentStart && c == '.')) {
        return null;
      }
      segmentStart = false;
    }
    if (segmentStart) {
      return null;
    }
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    return dot > slash ? TYPES.get(name.substring(dot + 1)) : null;
  }

  private static String etagOf(byte[] content) {
    var crc = new java.util.zip.CRC32();
    crc.update(content);
    return "\"" + Long.toHexString(crc.getValue()) + "-" + content.length + "\"";
  }
}
