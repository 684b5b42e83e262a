package io.queuey.messages.storage;

import io.queuey.errors.StorageUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks with at most a fixed number in flight, the rest waiting in order: what
 * keeps background work (reclaiming a deleted queue, counting) from taking the driver's capacity
 * that foreground requests need, however large the queue. A task that would start after its
 * deadline fails instead with {@code StorageUnavailable} (TIMEOUT) without sending anything.
 */
final class AsyncLimiter {

  static final String DEADLINE_PASSED = "The storage did not answer in time.";

  private final Semaphore permits;
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final Clock clock;

  AsyncLimiter(int concurrency, Clock clock) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
    }
    this.permits = new Semaphore(concurrency);
    this.clock = clock;
  }

  /** Runs {@code task} once a slot is free, unless {@code deadline} passed by then. */
  <T> CompletionStage<T> submit(Instant deadline, Supplier<CompletionStage<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    waiting.add(
        () -> {
          CompletionStage<T> stage;
          if (clock.instant().isAfter(deadline)) {
            stage =
                CompletableFuture.failedFuture(
                    new StorageUnavailable(StorageUnavailable.Kind.TIMEOUT, DEADLINE_PASSED, null));
          } else {
            try {
              stage = task.get();
            } catch (RuntimeException failure) {
              stage = CompletableFuture.failedFuture(failure);
            }
          }
          stage.whenComplete(
              (value, failure) -> {
                permits.release();
                drain();
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              });
        });
    drain();
    return result;
  }

  /** Starts waiting tasks while slots are free; called after every submit and completion. */
  private void drain() {
    while (!waiting.isEmpty() && permits.tryAcquire()) {
      Runnable next = waiting.poll();
      if (next == null) {
        permits.release();
        return;
      }
      next.run();
    }
  }

  /** Tasks waiting for a slot: for tests. */
  int waiting() {
    return waiting.size();
  }
}
