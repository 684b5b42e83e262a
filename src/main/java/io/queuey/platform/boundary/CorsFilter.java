package io.queuey.platform.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for AJAX clients. Preflights are answered here, for every path and without credentials;
 * every other response gets the headers a browser needs to let the page read it (errors too, so a
 * page can show them). It runs before authentication (see web.xml).
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "CorsFilter", urlPatterns = "/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

  static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";

  /** Authorization by name: a {@code *} would not cover it (Fetch standard). */
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-TTL, X-Partition";

  /** WWW-Authenticate, so that a page can tell an expired token (401) and fetch a new one. */
  static final String EXPOSED_HEADERS = "Retry-After, Location, Allow, WWW-Authenticate";

  static final String PREFLIGHT_MAX_AGE_SECONDS = "86400";

  @Inject CorsOrigins origins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      allowOrigin(origin, response);
    }
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    if (preflight) {
      response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      response.setHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    chain.doFilter(request, response);
  }

  private void allowOrigin(String origin, HttpServletResponse response) {
    CorsOrigins.Allowed allowed = origins.current();
    if (allowed.any()) {
      response.setHeader("Access-Control-Allow-Origin", "*");
      return;
    }
    // The answer depends on the origin, refused or not: a cache must keep them apart.
    response.addHeader("Vary", "Origin");
    if (allowed.allows(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
    }
  }
}
