package io.queuey.auth.boundary;

import io.queuey.auth.control.Applications;
import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidApplicationKey;
import io.queuey.errors.boundary.ErrorBody;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the {@code Authorization} header into the request's {@link Caller}. Several credentials may
 * be sent, separated by {@code ;}. An unknown application key ends the request with a 401 right
 * here, even on calls anyone may make, so that a client with a wrong key finds out.
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "ApplicationKeyFilter", urlPatterns = "/*", asyncSupported = true)
public class ApplicationKeyFilter extends HttpFilter {

  /** The request attribute holding the {@link Caller}. */
  public static final String CALLER = Caller.class.getName();

  private static final String APPLICATION_SCHEME = "application";

  @Inject Applications applications;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Caller caller;
    try {
      caller = callerOf(request.getHeader("Authorization"));
    } catch (InvalidApplicationKey unknownKey) {
      response.setStatus(unknownKey.status());
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(ErrorBody.json(unknownKey));
      return;
    }
    request.setAttribute(CALLER, caller);
    chain.doFilter(request, response);
  }

  Caller callerOf(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Caller.ANONYMOUS;
    }
    Set<Principal> principals = new HashSet<>();
    for (String credential : authorization.split(";")) {
      String trimmed = credential.trim();
      int space = trimmed.indexOf(' ');
      String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
      if (scheme.equals(APPLICATION_SCHEME)) {
        String key = space < 0 ? "" : trimmed.substring(space + 1).trim();
        String application =
            applications.applicationOf(key).orElseThrow(InvalidApplicationKey::new);
        principals.add(Principal.application(application));
      }
      // Other schemes (user assertions) are for the user-authentication issue; ignored here.
    }
    return new Caller(principals);
  }
}
