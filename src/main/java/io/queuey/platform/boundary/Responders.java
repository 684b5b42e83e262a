package io.queuey.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that write responses whose storage answer arrived later: that answer completes on a
 * Cassandra driver I/O thread, which must not be kept busy serializing JSON and writing to sockets.
 * One fixed pool, made once from the container's thread factory (so its threads carry the
 * application's context for their whole life and a task submitted costs no context capture, unlike
 * a managed executor's).
 */
@ApplicationScoped
public class Responders {

  private static final BiConsumer<Object, Throwable> NOTHING = (result, failure) -> {};

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "queuey.http.responder-threads", defaultValue = "8")
  int threadCount;

  private ExecutorService executor;

  /**
   * Where answers are completed: the pool, or, once it refuses work, the thread that completed the
   * storage answer. Open Liberty stops handing out container threads as soon as it starts stopping,
   * before the WAR is stopped, so a request in flight at SIGTERM must still be answered.
   */
  private final Executor orCompletingThread =
      task -> {
        try {
          executor.execute(task);
        } catch (RejectedExecutionException refused) {
          task.run();
        }
      };

  /** For CDI. */
  public Responders() {}

  /** For tests: the pool is {@code executor}. */
  Responders(ExecutorService executor) {
    this.executor = executor;
  }

  @PostConstruct
  void start() {
    var pool =
        new ThreadPoolExecutor(
            Math.max(1, threadCount),
            Math.max(1, threadCount),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            threads);
    // Every thread made now, while the container still makes them (see orCompletingThread).
    pool.prestartAllCoreThreads();
    executor = pool;
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }

  /**
   * The answer, completing on a responder thread if it is not complete yet; an answer that is
   * already there (e.g. a validation failure, a cached queue) is used on the calling thread as it
   * is, with no hop at all.
   */
  public <T> CompletionStage<T> offDriverThreads(CompletionStage<T> answer) {
    if (answer instanceof CompletableFuture<T> future && future.isDone()) {
      return answer;
    }
    return answer.whenCompleteAsync(NOTHING, orCompletingThread);
  }
}
