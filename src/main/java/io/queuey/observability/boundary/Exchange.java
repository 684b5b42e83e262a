package io.queuey.observability.boundary;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request that entered Queuey, as the rest of the chain sees it: it ends exactly once, on
 * whichever comes first of the request thread returning without going asynchronous, the JAX-RS
 * runtime completing the asynchronous context, and the container reporting the end (complete or
 * error). The call to {@link AsyncContext#complete()} is watched, not only the listener: when the
 * client of an asynchronous request resets the connection while its answer is written, the write
 * fails, Payara (Grizzly) closes the connection, and complete() then returns without calling any
 * listener. What the request was is read before complete() is passed on, while the container surely
 * has not recycled the request.
 */
final class Exchange extends HttpServletRequestWrapper implements AsyncListener {

  /** What is done once per request when it ends: leave the count in flight, log, meter. */
  interface Ending {
    void ended(Exchange exchange, Answer answer);
  }

  /**
   * The request's outcome as it ended: the status as sent, the endpoint and application its
   * attributes name (or null), whether writing the answer failed as the client went away, and how
   * long it took.
   */
  record Answer(int status, Object endpoint, Object application, boolean clientGone, long nanos) {}

  private final HttpServletResponse response;
  private final Ending ending;
  private final long started;
  private final String method;
  private final String path;
  private final AtomicBoolean ended = new AtomicBoolean();

  /** The asynchronous context handed out, wrapped; null until the request goes asynchronous. */
  private volatile Completing async;

  Exchange(HttpServletRequest request, HttpServletResponse response, Ending ending, long started) {
    super(request);
    this.response = response;
    this.ending = ending;
    this.started = started;
    // Read now: by the time an asynchronous request ends, its container may reuse the objects.
    this.method = request.getMethod();
    this.path = request.getRequestURI();
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  /** Ends it now, whatever happens to it later: the request thread is done with it. */
  void end() {
    end(answer());
  }

  @Override
  public AsyncContext startAsync() {
    return watch(super.startAsync());
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return watch(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext current = super.getAsyncContext();
    Completing watched = async;
    return watched != null && watched.delegate == current ? watched : current;
  }

  private AsyncContext watch(AsyncContext started) {
    started.addListener(this);
    Completing watched = new Completing(started);
    async = watched;
    return watched;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end(answer());
  }

  /**
   * A failure the container saw (e.g. a client that went away, where the container notices): the
   * request ends here, as the container may not call {@link #onComplete} after it.
   */
  @Override
  public void onError(AsyncEvent event) {
    end(answer());
  }

  /**
   * Not an end: the container answers a timed-out request itself (an error dispatch), then
   * completes it. Jersey and RESTEasy set no timeout on the requests they suspend.
   */
  @Override
  public void onTimeout(AsyncEvent event) {}

  /** A new asynchronous cycle drops the listeners: this one stays. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }

  private Answer answer() {
    Object gone = getAttribute(RequestObserver.CLIENT_GONE);
    return new Answer(
        response.getStatus(),
        getAttribute(EndpointNamer.ENDPOINT),
        getAttribute(EndpointNamer.APPLICATION),
        gone != null,
        System.nanoTime() - started);
  }

  private void end(Answer answer) {
    if (ended.compareAndSet(false, true)) {
      ending.ended(this, answer);
    }
  }

  /** The asynchronous context as the JAX-RS runtime gets it: its complete() ends the request. */
  private final class Completing implements AsyncContext {

    private final AsyncContext delegate;

    Completing(AsyncContext delegate) {
      this.delegate = delegate;
    }

    @Override
    public void complete() {
      // The answer is written by now: what it was is read before the container may recycle it.
      Answer answer = ended.get() ? null : answer();
      try {
        delegate.complete();
      } finally {
        if (answer != null) {
          end(answer);
        }
      }
    }

    @Override
    public ServletRequest getRequest() {
      return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
      delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      delegate.dispatch(context, path);
    }

    @Override
    public void start(Runnable run) {
      delegate.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addListener(
        AsyncListener listener, ServletRequest request, ServletResponse response) {
      delegate.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
      return delegate.createListener(type);
    }

    @Override
    public void setTimeout(long millis) {
      delegate.setTimeout(millis);
    }

    @Override
    public long getTimeout() {
      return delegate.getTimeout();
    }
  }
}
