package io.queuey.groups.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs storage calls of another feature off the calling thread until one has succeeded. Group calls
 * reach the message store from the Cassandra driver's threads (after reading a group or a cursor),
 * and the message store prepares its statements on first use, synchronously, which the driver
 * forbids on its own threads; once prepared, calls go straight through.
 */
final class FirstUse {

  private volatile boolean done;

  <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
    if (done) {
      return call.get();
    }
    return CompletableFuture.supplyAsync(call)
        .thenCompose(Function.identity())
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                done = true;
              }
            });
  }
}
