package io.queuey.auth.boundary;

import io.queuey.auth.control.Applications;
import io.queuey.auth.control.TokenVerifier;
import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Credentials;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidApplicationKey;
import io.queuey.errors.QueueyException;
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
import java.util.Set;

/**
 * Turns the {@code Authorization} header into the request's {@link Caller}: application keys
 * ({@code Application <key>}) and a signed user token ({@code Bearer <token>}, or {@code BrowserID
 * <token>}), separated by {@code ;}. Any credential that fails ends the request right here, before
 * anything is done, even on calls anyone may make: an unknown key is a 401 {@code
 * InvalidApplicationKey}, a bad token a 401 {@code InvalidToken}, a token whose issuer's keys
 * cannot be had a 503. There is no partial authentication.
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "ApplicationKeyFilter", urlPatterns = "/*", asyncSupported = true)
public class ApplicationKeyFilter extends HttpFilter {

  /** The request attribute holding the {@link Caller}. */
  public static final String CALLER = Caller.class.getName();

  @Inject Applications applications;

  @Inject TokenVerifier tokens;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Caller caller;
    try {
      caller = callerOf(request.getHeader("Authorization"));
    } catch (QueueyException rejected) {
      response.setStatus(rejected.status());
      rejected.headers().forEach(response::setHeader);
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(ErrorBody.json(rejected));
      return;
    }
    request.setAttribute(CALLER, caller);
    chain.doFilter(request, response);
  }

  /** The caller this filter found for the request (anonymous if it did not run). */
  public static Caller caller(HttpServletRequest request) {
    return request.getAttribute(CALLER) instanceof Caller known ? known : Caller.ANONYMOUS;
  }

  Caller callerOf(String authorization) {
    Credentials credentials = Credentials.parse(authorization);
    if (credentials == Credentials.NONE) {
      return Caller.ANONYMOUS;
    }
    Set<Principal> principals = new HashSet<>();
    for (String key : credentials.applicationKeys()) {
      String application = applications.applicationOf(key).orElseThrow(InvalidApplicationKey::new);
      principals.add(Principal.application(application));
    }
    // A token never makes the caller an application: it proves only user principals.
    credentials.token().ifPresent(token -> principals.addAll(tokens.verify(token)));
    return new Caller(principals);
  }
}
