package io.queuey.groups.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.groups.entity.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LongPollsTest {

  private LongPolls polls;

  @BeforeEach
  void start() {
    polls = new LongPolls();
    polls.pollIntervalMillis = 10;
    polls.maxWaiting = 100_000;
    polls.start();
  }

  @AfterEach
  void stop() {
    polls.stop();
  }

  /** A claim that finds nothing, answered only after {@code millis} (slower than a tick). */
  private static CompletionStage<List<Delivery>> slowEmpty(long millis) {
    return CompletableFuture.supplyAsync(
        List::of, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  /**
   * The count of waiters drops in a completion stage of the answer, which may run just after the
   * thread that got the answer goes on: allow it a moment.
   */
  private void assertNoneWaitingSoon() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (polls.waiting() != 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(0, polls.waiting());
  }

  @Test
  void aLoneWaiterWhoseClaimOutlastsATickIsStillAnsweredAtItsDeadline() throws Exception {
    // The ticker used to drop the group's line while the only waiter's claim was running; the
    // claim then put the waiter back into a line nobody checked, and it never got an answer.
    var answer =
        polls.await(UUID.randomUUID(), Instant.now().plusMillis(300), () -> slowEmpty(100));
    assertEquals(List.of(), answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertNoneWaitingSoon();
  }

  @Test
  void waitersArrivingWhileTheirLineIsRemovedAreAllAnswered() throws Exception {
    UUID group = UUID.randomUUID();
    var pool = Executors.newFixedThreadPool(4);
    try {
      var answers = new ArrayList<CompletableFuture<CompletionStage<List<Delivery>>>>();
      for (int i = 0; i < 2000; i++) {
        answers.add(
            CompletableFuture.supplyAsync(
                () ->
                    polls.await(
                        group,
                        Instant.now().plusMillis(20),
                        () -> CompletableFuture.completedFuture(List.of())),
                pool));
        if (i % 50 == 0) {
          Thread.sleep(15);
        }
      }
      for (var answer : answers) {
        assertEquals(
            List.of(),
            answer.get(10, TimeUnit.SECONDS).toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      assertNoneWaitingSoon();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWaiterGetsTheMessagesOfTheFirstClaimThatFindsSome() throws Exception {
    // What the line does with a claim's result does not depend on what a delivery holds.
    List<Delivery> delivered = java.util.Collections.singletonList(null);
    var attempts = new java.util.concurrent.atomic.AtomicInteger();
    var answer =
        polls.await(
            UUID.randomUUID(),
            Instant.now().plusSeconds(20),
            () ->
                attempts.incrementAndGet() < 3
                    ? slowEmpty(30)
                    : CompletableFuture.completedFuture(delivered));
    assertTrue(answer.toCompletableFuture().get(10, TimeUnit.SECONDS) == delivered);
  }
}
