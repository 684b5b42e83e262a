package io.queuey.observability.boundary;

import io.queuey.auth.control.Applications;
import io.queuey.observability.control.InFlightRequests;
import io.queuey.observability.control.QueueyMetrics;
import io.queuey.observability.control.RequestLog;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * One log line (written by {@link RequestLog}, off the request's thread) and the request metrics
 * for every request, when it is complete (for asynchronous calls that is when the answer was
 * written, not when the request thread was freed), and the count of requests in flight, which every
 * request that entered leaves exactly once, whatever its client does ({@link Exchange}). The line
 * holds the method, the path without its query (which is where a client might misplace a secret),
 * the status, the duration and the application; never a header.
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "RequestObserver", urlPatterns = "/*", asyncSupported = true)
public class RequestObserver extends HttpFilter {

  /**
   * The request attribute (a JAX-RS property) that whoever writes an answer sets when writing it
   * failed because the client went away: the request log says so.
   */
  public static final String CLIENT_GONE = "io.queuey.client-gone";

  @Inject QueueyMetrics metrics;
  @Inject Applications applications;
  @Inject InFlightRequests inFlight;
  @Inject RequestLog log;

  private final Exchange.Ending ending = this::ended;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = System.nanoTime();
    if (!inFlight.enter()) {
      refuseWhileShuttingDown(response);
      observe(
          request.getMethod(),
          request.getRequestURI(),
          new Exchange.Answer(
              response.getStatus(), null, null, false, System.nanoTime() - started));
      return;
    }
    var exchange = new Exchange(request, response, ending, started);
    boolean async = false;
    try {
      chain.doFilter(exchange, response);
      async = exchange.isAsyncStarted();
    } finally {
      // An asynchronous request ends later, on its own; one whose thread failed ends now.
      if (!async) {
        exchange.end();
      }
    }
  }

  private static void refuseWhileShuttingDown(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", "1");
    // The port closes soon; and a body left unread (a TRACE's is never read) must not stay on the
    // connection to be taken as the next request.
    response.setHeader("Connection", "close");
    response.setContentType("application/json");
    response
        .getWriter()
        .write(
            "{\"status\":\"error\",\"error_msg\":{\"shutdown\":\"This instance is shutting down.\"}}");
  }

  /** Once per request that entered ({@link Exchange} sees to that). */
  private void ended(Exchange exchange, Exchange.Answer answer) {
    inFlight.leave();
    observe(exchange.method(), exchange.path(), answer);
  }

  private void observe(String method, String path, Exchange.Answer answer) {
    // Only configured applications become tag values: a path must not create metric series.
    String application =
        answer.application() instanceof String name && applications.exists(name) ? name : null;
    Object endpoint = answer.endpoint();
    metrics.request(
        endpoint == null ? "other" : endpoint.toString(),
        application,
        answer.status(),
        Duration.ofNanos(answer.nanos()));
    log.request(method, path, answer.status(), answer.nanos(), application, answer.clientGone());
  }
}
