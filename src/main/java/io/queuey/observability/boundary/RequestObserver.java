package io.queuey.observability.boundary;

import io.queuey.auth.control.Applications;
import io.queuey.observability.control.InFlightRequests;
import io.queuey.observability.control.QueueyMetrics;
import io.queuey.observability.control.RequestLog;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
 * for every request, when it is complete (for asynchronous calls that is when the storage answered,
 * not when the request thread was freed). The line holds the method, the path without its query
 * (which is where a client might misplace a secret), the status, the duration and the application;
 * never a header.
 */
// web.xml maps it, in order, replacing this pattern; Open Liberty rejects a filter without one.
@WebFilter(filterName = "RequestObserver", urlPatterns = "/*", asyncSupported = true)
public class RequestObserver extends HttpFilter {

  @Inject QueueyMetrics metrics;
  @Inject Applications applications;
  @Inject InFlightRequests inFlight;
  @Inject RequestLog log;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long started = System.nanoTime();
    if (!inFlight.enter()) {
      refuseWhileShuttingDown(response);
      observe(request, response, started);
      return;
    }
    boolean async = false;
    try {
      chain.doFilter(request, response);
      async = request.isAsyncStarted();
    } finally {
      if (async) {
        request.getAsyncContext().addListener(new WhenComplete(request, response, started));
      } else {
        done(request, response, started);
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

  private void done(HttpServletRequest request, HttpServletResponse response, long started) {
    inFlight.leave();
    observe(request, response, started);
  }

  private void observe(HttpServletRequest request, HttpServletResponse response, long started) {
    long nanos = System.nanoTime() - started;
    Object endpoint = request.getAttribute(EndpointNamer.ENDPOINT);
    Object named = request.getAttribute(EndpointNamer.APPLICATION);
    // Only configured applications become tag values: a path must not create metric series.
    String application = named instanceof String name && applications.exists(name) ? name : null;
    int status = response.getStatus();
    metrics.request(
        endpoint == null ? "other" : endpoint.toString(),
        application,
        status,
        Duration.ofNanos(nanos));
    log.request(request.getMethod(), request.getRequestURI(), status, nanos, application);
  }

  private final class WhenComplete implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long started;

    WhenComplete(HttpServletRequest request, HttpServletResponse response, long started) {
      this.request = request;
      this.response = response;
      this.started = started;
    }

    /** Once only: the container may report an error and then the completion. */
    private final java.util.concurrent.atomic.AtomicBoolean observed =
        new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void onComplete(AsyncEvent event) {
      once();
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    /**
     * A client that went away while its answer was written ends the request here, not in {@link
     * #onComplete}: otherwise it would stay in flight (and hold up a shutdown's drain) forever.
     */
    @Override
    public void onError(AsyncEvent event) {
      once();
    }

    private void once() {
      if (observed.compareAndSet(false, true)) {
        done(request, response, started);
      }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
