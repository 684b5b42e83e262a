package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.StorageUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncLimiterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant LATER = CLOCK.instant().plusSeconds(60);

  @Test
  void noMoreThanTheConcurrencyRunAtOnceAndEveryTaskRuns() {
    var limiter = new AsyncLimiter(3, CLOCK);
    var inFlight = new AtomicInteger();
    var most = new AtomicInteger();
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    List<CompletionStage<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int task = i;
      results.add(
          limiter.submit(
              LATER,
              () -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                var done = new CompletableFuture<Void>();
                synchronized (pending) {
                  pending.add(done);
                }
                return done.thenApply(
                    ignored -> {
                      inFlight.decrementAndGet();
                      return task;
                    });
              }));
    }
    assertEquals(47, limiter.waiting());
    // Complete whatever is in flight, one at a time, until everything ran.
    for (int step = 0; step < 50; step++) {
      CompletableFuture<Void> next;
      synchronized (pending) {
        next = pending.remove(0);
      }
      next.complete(null);
    }
    assertEquals(3, most.get());
    for (int i = 0; i < 50; i++) {
      assertEquals(i, results.get(i).toCompletableFuture().join());
    }
  }

  @Test
  void aTaskDueAfterItsDeadlineFailsWithATimeoutWithoutRunning() {
    var limiter = new AsyncLimiter(1, CLOCK);
    var ran = new AtomicInteger();
    CompletionStage<Object> late =
        limiter.submit(
            CLOCK.instant().minusMillis(1),
            () -> {
              ran.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            });
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> late.toCompletableFuture().get());
    assertInstanceOf(StorageUnavailable.class, failure.getCause());
    assertEquals(0, ran.get());
    assertTrue(
        limiter
            .submit(LATER, () -> CompletableFuture.completedFuture(true))
            .toCompletableFuture()
            .join(),
        "the slot was given back");
  }
}
