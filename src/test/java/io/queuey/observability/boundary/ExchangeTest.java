package io.queuey.observability.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once end of a request, against a stand-in servlet container that can behave like
 * Payara with a client gone mid-answer (complete() calls no listener), like a compliant one
 * (complete() calls onComplete), or report errors and completions in any order.
 */
class ExchangeTest {

  /** A stand-in container: one request, its response status, its asynchronous context. */
  private static final class Container {
    final Map<String, Object> attributes = new ConcurrentHashMap<>();
    final List<AsyncListener> listeners = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile boolean asyncStarted;

    /** What the container's own complete() does; by default nothing (Payara, client gone). */
    volatile Runnable onComplete = () -> {};

    final AsyncContext context =
        (AsyncContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "addListener" -> {
                        listeners.add((AsyncListener) args[0]);
                        yield null;
                      }
                      case "complete" -> {
                        onComplete.run();
                        yield null;
                      }
                      case "setTimeout", "getRequest", "getResponse" -> null;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });

    final HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getMethod" -> "GET";
                      case "getRequestURI" -> "/v1/app/queue";
                      case "getAttribute" -> attributes.get((String) args[0]);
                      case "setAttribute" -> {
                        attributes.put((String) args[0], args[1]);
                        yield null;
                      }
                      case "startAsync" -> {
                        asyncStarted = true;
                        yield context;
                      }
                      case "isAsyncStarted" -> asyncStarted;
                      case "getAsyncContext" -> context;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });

    final HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getStatus")) {
                    return status;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });

    /** Tells every listener, as the container does. */
    void fire(String event) throws Exception {
      for (AsyncListener listener : listeners) {
        var asyncEvent = new AsyncEvent(context);
        switch (event) {
          case "complete" -> listener.onComplete(asyncEvent);
          case "error" -> listener.onError(asyncEvent);
          case "timeout" -> listener.onTimeout(asyncEvent);
          default -> throw new IllegalArgumentException(event);
        }
      }
    }
  }

  private final Container container = new Container();
  private final List<Exchange.Answer> ends = new CopyOnWriteArrayList<>();

  private Exchange exchange() {
    container.attributes.put(EndpointNamer.ENDPOINT, "GET /v1/{application}/{queue}");
    container.attributes.put(EndpointNamer.APPLICATION, "app");
    return new Exchange(
        container.request,
        container.response,
        (exchange, answer) -> ends.add(answer),
        System.nanoTime());
  }

  @Test
  void aSynchronousRequestEndsOnceWithItsStatus() {
    var exchange = exchange();
    container.status = 404;
    exchange.end();
    exchange.end();
    assertEquals(1, ends.size());
    assertEquals(404, ends.get(0).status());
    assertEquals("GET", exchange.method());
    assertEquals("/v1/app/queue", exchange.path());
  }

  @Test
  void anAsynchronousRequestEndsWhenItIsCompletedThoughTheContainerTellsNoListener() {
    var exchange = exchange();
    AsyncContext async = exchange.startAsync(exchange, container.response);
    container.attributes.put(RequestObserver.CLIENT_GONE, Boolean.TRUE);
    assertTrue(ends.isEmpty(), "not ended while the answer is still to come");
    async.complete();
    assertEquals(1, ends.size());
    Exchange.Answer answer = ends.get(0);
    assertEquals(200, answer.status(), "the status as sent");
    assertTrue(answer.clientGone());
    assertEquals("app", answer.application());
    assertEquals("GET /v1/{application}/{queue}", answer.endpoint());
  }

  @Test
  void whatTheRequestWasIsReadBeforeTheContainerRecyclesIt() {
    var exchange = exchange();
    container.onComplete =
        () -> {
          container.status = 0;
          container.attributes.clear();
        };
    exchange.startAsync().complete();
    assertEquals(1, ends.size());
    assertEquals(200, ends.get(0).status());
    assertEquals("app", ends.get(0).application());
    assertFalse(ends.get(0).clientGone());
  }

  @Test
  void aContainerThatReportsTheCompletionInsideCompleteEndsItOnce() {
    var exchange = exchange();
    container.onComplete =
        () -> {
          try {
            container.fire("complete");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    exchange.startAsync(exchange, container.response).complete();
    assertEquals(1, ends.size());
  }

  @Test
  void aCompletionReportedFirstAndACompleteLaterEndItOnce() throws Exception {
    var exchange = exchange();
    AsyncContext async = exchange.startAsync();
    container.status = 201;
    container.fire("complete");
    container.status = 0;
    async.complete();
    assertEquals(1, ends.size());
    assertEquals(201, ends.get(0).status());
  }

  @Test
  void anErrorThenACompletionEndItOnce() throws Exception {
    var exchange = exchange();
    exchange.startAsync();
    container.fire("error");
    container.fire("complete");
    assertEquals(1, ends.size());
  }

  @Test
  void aTimeoutIsNoEndButTheCompletionAfterItIs() throws Exception {
    var exchange = exchange();
    exchange.startAsync();
    container.fire("timeout");
    assertTrue(ends.isEmpty());
    container.status = 503;
    container.fire("complete");
    assertEquals(1, ends.size());
    assertEquals(503, ends.get(0).status());
  }

  @Test
  void theContextLookedUpLaterIsTheWatchedOne() {
    var exchange = exchange();
    AsyncContext started = exchange.startAsync();
    assertSame(started, exchange.getAsyncContext());
    exchange.getAsyncContext().complete();
    assertEquals(1, ends.size());
  }

  @Test
  void racingEndsEndEachRequestExactlyOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      var ended = new AtomicInteger();
      for (int round = 0; round < 500; round++) {
        var racing = new Container();
        var exchange =
            new Exchange(
                racing.request,
                racing.response,
                (request, answer) -> ended.incrementAndGet(),
                System.nanoTime());
        AsyncContext async = exchange.startAsync();
        var start = new CountDownLatch(1);
        List<Runnable> enders =
            List.of(
                async::complete,
                () -> fireQuietly(racing, "complete"),
                () -> fireQuietly(racing, "error"),
                exchange::end);
        var running = new java.util.ArrayList<Future<?>>();
        for (Runnable ender : enders) {
          running.add(
              threads.submit(
                  () -> {
                    start.await();
                    ender.run();
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> one : running) {
          one.get(10, TimeUnit.SECONDS);
        }
        assertEquals(round + 1, ended.get(), "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void fireQuietly(Container container, String event) {
    try {
      container.fire(event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
