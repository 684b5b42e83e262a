package io.queuey.groups.control;

import io.queuey.groups.entity.DeliveryKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The conditional writes of one group partition from this instance, one after the other. Paxos
 * serialises them per Cassandra partition anyway; sent at once, they make each other's ballots
 * fail, and every loser pays Cassandra's contention back-off and then a read at SERIAL and another
 * try here (eight consumers on one partition took seconds per claim, and an exactly-once ack of 100
 * receipts timed out). Waiting here instead costs nothing the storage would not have made them wait
 * anyway. Correctness does not rest on it: other instances still race, and the conditional writes
 * still decide.
 */
final class Turns {

  private final ConcurrentHashMap<DeliveryKey, CompletableFuture<Void>> last =
      new ConcurrentHashMap<>();

  /** Runs {@code work} once every earlier turn of {@code key} has ended, however it ended. */
  <T> CompletionStage<T> take(DeliveryKey key, Supplier<CompletionStage<T>> work) {
    var mine = new CompletableFuture<Void>();
    CompletableFuture<Void> before = last.put(key, mine);
    CompletableFuture<T> done =
        (before == null ? CompletableFuture.<Void>completedFuture(null) : before)
            .thenCompose(
                ready -> {
                  try {
                    return work.get();
                  } catch (RuntimeException failed) {
                    return CompletableFuture.failedFuture(failed);
                  }
                })
            .toCompletableFuture();
    done.whenComplete(
        (result, failure) -> {
          // The next turn (if any) already waits on this one; an idle key is forgotten.
          last.remove(key, mine);
          mine.complete(null);
        });
    return done;
  }

  /** True while some turn of {@code key} runs or waits: a claim then looks elsewhere first. */
  boolean busy(DeliveryKey key) {
    return last.containsKey(key);
  }
}
