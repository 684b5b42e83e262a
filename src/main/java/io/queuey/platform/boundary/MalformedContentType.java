package io.queuey.platform.boundary;

import io.queuey.errors.InvalidParameter;
import io.queuey.errors.boundary.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code Content-Type} that cannot be parsed is a 400 in the one JSON error shape. Jersey's
 * servlet rejects such a request before any JAX-RS filter or exception mapper runs, and the servlet
 * container then sends its HTML error page (API.md: every body is JSON). Mapped by its annotation,
 * so it runs after the filters of web.xml: the answer carries the CORS headers.
 */
@WebFilter(filterName = "MalformedContentType", urlPatterns = "/*", asyncSupported = true)
public class MalformedContentType extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String contentType = request.getContentType();
    if (contentType != null && !parses(contentType)) {
      var malformed =
          new InvalidParameter("Content-Type", "The Content-Type header is not a media type.");
      response.setStatus(malformed.status());
      response.setContentType(MediaType.APPLICATION_JSON);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(ErrorBody.json(malformed));
      return;
    }
    chain.doFilter(request, response);
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
}
