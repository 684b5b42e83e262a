package io.queuey.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where answers are written: storage answers arrive on the Cassandra driver's I/O threads, which
 * must not be kept busy serializing JSON and writing to sockets, so the rest of a request runs on
 * the container's managed executor.
 *
 * <p>A container may shut that executor down before it stops the application: Open Liberty does so
 * as soon as it starts stopping, while requests are still in flight (CWWKE1202E). Those requests
 * are then finished on the thread that completed them rather than failed: a graceful stop lets them
 * finish, and for the few of a shutdown the driver's thread may write the answer.
 */
@ApplicationScoped
public class Responders implements Executor {

  @Resource ManagedExecutorService managed;

  @Override
  public void execute(Runnable task) {
    try {
      managed.execute(task);
    } catch (RejectedExecutionException shutDown) {
      task.run();
    }
  }

  /** {@code answer}, completed on this executor. */
  public <T> CompletionStage<T> respond(CompletionStage<T> answer) {
    return answer.whenCompleteAsync((result, failure) -> {}, this);
  }
}
