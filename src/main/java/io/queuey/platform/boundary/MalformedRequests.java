package io.queuey.platform.boundary;

import io.queuey.errors.InvalidParameter;
import io.queuey.errors.boundary.ContainerErrors;
import io.queuey.errors.boundary.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What Jersey would reject before any JAX-RS filter or exception mapper runs, answered as a 400 in
 * the one JSON error shape that names the bad part: a {@code Content-Type} that is no media type,
 * and a query string with a malformed percent-escape (Jersey fails on it with an exception, a 500).
 * web.xml maps it after CORS (the answer carries the CORS headers) and before authentication.
 *
 * <p>It also keeps kept-alive connections in step: Grizzly reads no body for {@code TRACE} and
 * {@code CONNECT}, so bytes sent as their body would be parsed as the next request (request
 * smuggling behind a shared proxy connection). Such a request is answered, then its connection is
 * closed.
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "MalformedRequests", urlPatterns = "/*", asyncSupported = true)
public class MalformedRequests extends HttpFilter {

  /** How long a refused connection is remembered: far longer than its pipelined bytes take. */
  private static final long CLOSING_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * Connections being closed after a TRACE or CONNECT, by connection: until when. Keyed by the
   * Servlet connection id, which is unique for the life of the JVM, not by the client's address and
   * port: Linux hands a client's closed port out again within seconds, and a new connection on it
   * was refused as if it were the closed one.
   */
  private final Map<String, Long> closing = new ConcurrentHashMap<>();

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!closing.isEmpty() && onClosingConnection(request)) {
      // The bytes after a refused TRACE: nobody is meant to receive this answer.
      response.setHeader("Connection", "close");
      refuse(response, new InvalidParameter("request", "This connection is being closed."));
      return;
    }
    String method = request.getMethod();
    if ("TRACE".equals(method) || "CONNECT".equals(method)) {
      long now = System.nanoTime();
      closing.values().removeIf(until -> until - now < 0);
      closing.put(connection(request), now + CLOSING_NANOS);
      response.setHeader("Allow", CorsFilter.ALLOWED_METHODS);
      response.setHeader("Connection", "close");
      refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, ContainerErrors.forStatus(405));
      return;
    }
    String contentType = request.getContentType();
    if (contentType != null && !parses(contentType)) {
      refuse(
          response,
          new InvalidParameter("Content-Type", "The Content-Type header is not a media type."));
      return;
    }
    String query = request.getQueryString();
    if (query != null && !wellEscaped(query)) {
      refuse(
          response,
          new InvalidParameter("query", "The query string has a malformed percent-escape."));
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean onClosingConnection(HttpServletRequest request) {
    Long until = closing.get(connection(request));
    return until != null && until - System.nanoTime() > 0;
  }

  private static String connection(HttpServletRequest request) {
    ServletConnection connection = request.getServletConnection();
    String id = connection == null ? null : connection.getConnectionId();
    // A container that cannot name the connection: its address and port are the next best thing.
    return id == null || id.isEmpty()
        ? request.getRemoteAddr() + " " + request.getRemotePort() + " " + request.getLocalPort()
        : id;
  }

  private static void refuse(HttpServletResponse response, InvalidParameter malformed)
      throws IOException {
    refuse(response, malformed.status(), malformed.errors());
  }

  private static void refuse(HttpServletResponse response, int status, Map<String, String> errors)
      throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(ErrorBody.json(errors));
  }

  /** Parsed as JAX-RS will parse it. */
  private static boolean parses(String contentType) {
    try {
      MediaType.valueOf(contentType);
      return true;
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** Every {@code %} is followed by two hex digits. */
  static boolean wellEscaped(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 3)) {
      if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
