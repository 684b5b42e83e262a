package io.queuey.groups.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.groups.entity.DeliveryKey;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Consistency;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The turns of one group partition run one after the other; other partitions do not wait. */
class TurnsTest {

  private final Turns turns = new Turns();
  private final UUID queue = UUID.randomUUID();
  private final UUID group = UUID.randomUUID();

  private DeliveryKey key(int partition) {
    return new DeliveryKey(queue, group, Partition.of(partition), 0, Consistency.DEFAULT);
  }

  @Test
  void aTurnStartsOnlyWhenTheEarlierOneOfItsPartitionHasEnded() {
    var started = new ArrayList<String>();
    var firstWork = new CompletableFuture<String>();
    CompletionStage<String> first =
        turns.take(
            key(1),
            () -> {
              started.add("first");
              return firstWork;
            });
    CompletionStage<String> second =
        turns.take(
            key(1),
            () -> {
              started.add("second");
              return CompletableFuture.completedFuture("two");
            });
    CompletionStage<String> elsewhere =
        turns.take(
            key(2),
            () -> {
              started.add("elsewhere");
              return CompletableFuture.completedFuture("other");
            });
    assertEquals(List.of("first", "elsewhere"), started, "the second waits, partition 2 does not");
    assertTrue(turns.busy(key(1)));
    assertFalse(turns.busy(key(2)), "a partition whose turns all ended is idle");
    firstWork.complete("one");
    assertEquals(List.of("first", "elsewhere", "second"), started);
    assertEquals("one", first.toCompletableFuture().join());
    assertEquals("two", second.toCompletableFuture().join());
    assertEquals("other", elsewhere.toCompletableFuture().join());
    assertFalse(turns.busy(key(1)));
  }

  @Test
  void aFailedTurnFailsItsCallerAndLetsTheNextOneRun() {
    var firstWork = new CompletableFuture<String>();
    CompletionStage<String> first = turns.take(key(1), () -> firstWork);
    CompletionStage<String> thrown =
        turns.take(
            key(1),
            () -> {
              throw new IllegalStateException("refused before any stage");
            });
    CompletionStage<String> third =
        turns.take(key(1), () -> CompletableFuture.completedFuture("three"));
    firstWork.completeExceptionally(new IllegalStateException("storage down"));
    assertTrue(first.toCompletableFuture().isCompletedExceptionally());
    assertTrue(thrown.toCompletableFuture().isCompletedExceptionally());
    assertEquals("three", third.toCompletableFuture().join());
    assertFalse(turns.busy(key(1)));
  }
}
