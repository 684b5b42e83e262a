package io.queuey.groups.control;

import io.queuey.groups.entity.Delivery;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims waiting for messages ({@code wait} > 0). No thread waits: each waiting claim is a future
 * in a per-group line, and one scheduler thread re-checks every group with waiters every {@code
 * queuey.groups.poll-interval-ms}, by trying the claim of the first in line (the check is shared by
 * the group's waiters: one storage round per group and tick, whatever the number of waiters). The
 * storage is asked rather than this instance's memory, so a message posted through another instance
 * is found as soon as a local one.
 */
@ApplicationScoped
public class LongPolls {

  private static final Logger LOG = Logger.getLogger(LongPolls.class.getName());

  @Inject
  @ConfigProperty(name = "queuey.groups.poll-interval-ms", defaultValue = "250")
  long pollIntervalMillis;

  @Inject
  @ConfigProperty(name = "queuey.groups.max-waiting", defaultValue = "10000")
  int maxWaiting;

  private record Waiter(
      Instant deadline,
      Supplier<CompletionStage<List<Delivery>>> attempt,
      CompletableFuture<List<Delivery>> answer) {}

  private static final class Line {
    final Deque<Waiter> waiters = new ArrayDeque<>();

    /** A claim for the first waiter is running; that waiter is out of {@code waiters} meanwhile. */
    boolean checking;

    /** Taken out of {@code lines}: a waiter added now would never be checked again. */
    boolean removed;
  }

  private final Map<UUID, Line> lines = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();
  private ScheduledExecutorService ticker;

  @jakarta.annotation.PostConstruct
  void start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "queuey-long-polls");
              thread.setDaemon(true);
              return thread;
            });
    long interval = Math.max(10, pollIntervalMillis);
    ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Claims waiting now, on this instance. */
  public int waiting() {
    return waiting.get();
  }

  /**
   * Answers the claims of {@code attempt} as soon as one returns something, or empty at {@code
   * deadline}. Past {@code queuey.groups.max-waiting} waiters, answers empty at once.
   */
  public CompletionStage<List<Delivery>> await(
      UUID groupId, Instant deadline, Supplier<CompletionStage<List<Delivery>>> attempt) {
    var answer = new CompletableFuture<List<Delivery>>();
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      answer.complete(List.of());
      return answer;
    }
    answer.whenComplete((result, failure) -> waiting.decrementAndGet());
    var waiter = new Waiter(deadline, attempt, answer);
    while (true) {
      Line line = lines.computeIfAbsent(groupId, id -> new Line());
      synchronized (line) {
        if (!line.removed) {
          line.waiters.addLast(waiter);
          return answer;
        }
      }
      // The ticker removed this line between our lookup and our lock: take the new one.
    }
  }

  private void tick() {
    try {
      Instant now = Instant.now();
      lines.forEach((groupId, line) -> check(groupId, line, now));
    } catch (RuntimeException unexpected) {
      LOG.log(Level.WARNING, "Long poll check failed", unexpected);
    }
  }

  private void check(UUID groupId, Line line, Instant now) {
    Waiter first;
    synchronized (line) {
      while (!line.waiters.isEmpty()
          && (line.waiters.peekFirst().answer.isDone()
              || !line.waiters.peekFirst().deadline.isAfter(now))) {
        line.waiters.pollFirst().answer.complete(List.of());
      }
      if (line.checking) {
        // Never remove a line while its claim runs: the claim puts its waiter back if it found
        // nothing, and a removed line is never checked again (its waiter would hang).
        return;
      }
      if (line.waiters.isEmpty()) {
        line.removed = true;
        lines.remove(groupId, line);
        return;
      }
      line.checking = true;
      first = line.waiters.pollFirst();
    }
    tryClaim(groupId, line, first);
  }

  /** Claims for the first waiter; if it got messages, the next one may find more at once. */
  private void tryClaim(UUID groupId, Line line, Waiter waiter) {
    CompletionStage<List<Delivery>> claim;
    try {
      claim = waiter.attempt.get();
    } catch (RuntimeException failure) {
      claim = CompletableFuture.failedFuture(failure);
    }
    claim.whenComplete(
        (delivered, failure) -> {
          Waiter next = null;
          synchronized (line) {
            if (failure != null) {
              waiter.answer.completeExceptionally(failure);
            } else if (!delivered.isEmpty()) {
              waiter.answer.complete(delivered);
              next = line.waiters.pollFirst();
            } else {
              line.waiters.addFirst(waiter);
            }
            if (next == null) {
              line.checking = false;
            }
          }
          if (next != null) {
            tryClaim(groupId, line, next);
          }
        });
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    lines
        .values()
        .forEach(
            line -> {
              synchronized (line) {
                line.waiters.forEach(waiter -> waiter.answer.complete(List.of()));
                line.waiters.clear();
              }
            });
  }
}
