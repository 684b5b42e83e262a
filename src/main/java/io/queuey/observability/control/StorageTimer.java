package io.queuey.observability.control;

import io.queuey.errors.StorageUnavailable;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Times storage calls, synchronous or not, and counts their failures by kind. */
public final class StorageTimer {

  private final QueueyMetrics metrics;
  private final String store;

  public StorageTimer(QueueyMetrics metrics, String store) {
    this.metrics = metrics;
    this.store = store;
  }

  public <T> T time(String operation, Supplier<T> call) {
    long started = System.nanoTime();
    try {
      T result = call.get();
      record(operation, started, null);
      return result;
    } catch (RuntimeException failure) {
      record(operation, started, failure);
      throw failure;
    }
  }

  public <T> CompletionStage<T> timeAsync(String operation, Supplier<CompletionStage<T>> call) {
    long started = System.nanoTime();
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException failure) {
      record(operation, started, failure);
      throw failure;
    }
    return stage.whenComplete((result, failure) -> record(operation, started, failure));
  }

  private void record(String operation, long started, Throwable failure) {
    metrics.storageCall(
        store, operation, Duration.ofNanos(System.nanoTime() - started), kindOf(failure));
  }

  private static String kindOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause == null) {
      return null;
    }
    if (cause instanceof StorageUnavailable storage) {
      return storage.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
    return "other";
  }
}
