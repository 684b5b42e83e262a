package io.queuey.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives an asynchronous operation: closed loop (a fixed number of requests in flight, as fast as
 * the server answers: the maximum rate) or open loop (requests at fixed intended times, whatever
 * the server does: latency is measured from the intended time, so that queueing is counted).
 */
final class Load {

  /** One request of an operation; completes with the number of messages it moved. */
  @FunctionalInterface
  interface Operation {
    CompletableFuture<Integer> start(long sequence);
  }

  /** What one run measured. Latencies are in nanoseconds. */
  record Sample(long requests, long messages, long errors, double seconds, Histogram latency) {

    double requestsPerSecond() {
      return requests / seconds;
    }

    double messagesPerSecond() {
      return messages / seconds;
    }

    double millisAt(double percentile) {
      return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1e6;
    }
  }

  /** Longest a run waits for its last requests after its end: far beyond any request timeout. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

  /** The first failures of the run, for the report: a count alone does not say what went wrong. */
  private static final List<String> FIRST_FAILURES =
      Collections.synchronizedList(new ArrayList<>());

  private static final int FAILURES_KEPT = 40;

  private static final int FAILURES_KEPT_PER_RUN = 3;

  /**
   * A run stops sending after this many failures, and after more than 1% failed: its figures mean
   * little any more, and a server that stopped answering must not keep a count-bounded load of a
   * million requests going for hours.
   */
  static final long MAX_ERRORS_PER_RUN = 100;

  static boolean failing(long errors, long issued) {
    return errors >= MAX_ERRORS_PER_RUN && errors * 100 > issued;
  }

  private Load() {}

  static List<String> firstFailures() {
    synchronized (FIRST_FAILURES) {
      return List.copyOf(FIRST_FAILURES);
    }
  }

  static void noteFailure(String what, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    var text = new StringBuilder(what).append(": ").append(cause);
    // The driver wraps the telling part ("Unexpected error on channel") in causes.
    for (Throwable inner = cause.getCause(); inner != null; inner = inner.getCause()) {
      text.append(" <- ").append(inner);
    }
    synchronized (FIRST_FAILURES) {
      long ofThisRun = FIRST_FAILURES.stream().filter(kept -> kept.startsWith(what + ": ")).count();
      if (FIRST_FAILURES.size() < FAILURES_KEPT && ofThisRun < FAILURES_KEPT_PER_RUN) {
        FIRST_FAILURES.add(text.toString());
      }
    }
  }

  /**
   * {@code concurrency} requests in flight until {@code duration} has passed or {@code maxRequests}
   * were sent, whichever comes first; then waits for those still in flight.
   */
  static Sample closedLoop(
      String name, Operation operation, int concurrency, Duration duration, long maxRequests)
      throws InterruptedException {
    var permits = new Semaphore(concurrency);
    var run = new Run(name);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    long issued = 0;
    while (issued < maxRequests
        && System.nanoTime() - deadline < 0
        && !failing(run.errors.sum(), issued)) {
      if (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      long sent = System.nanoTime();
      run.start(operation, issued++, sent, permits);
    }
    drain(run, permits, concurrency);
    return run.sample(issued, start);
  }

  /**
   * Requests at {@code ratePerSecond} for {@code duration}, each at its intended time however long
   * the ones before take (up to {@code maxInFlight} at once; beyond that the sender waits, and the
   * wait counts in the latency, as it would for a real client).
   */
  static Sample openLoop(
      String name, Operation operation, double ratePerSecond, Duration duration, int maxInFlight)
      throws InterruptedException {
    var permits = new Semaphore(maxInFlight);
    var run = new Run(name);
    long total = Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9));
    double interval = 1e9 / ratePerSecond;
    long start = System.nanoTime();
    long issued = 0;
    for (long i = 0; i < total && !failing(run.errors.sum(), issued); i++) {
      long intended = start + (long) (i * interval);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      permits.acquire();
      run.start(operation, i, intended, permits);
      issued++;
    }
    drain(run, permits, maxInFlight);
    return run.sample(issued, start);
  }

  private static void drain(Run run, Semaphore permits, int all) throws InterruptedException {
    if (!permits.tryAcquire(all, DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      int missing = all - permits.availablePermits();
      run.errors.add(missing);
      noteFailure(run.name, new IllegalStateException(missing + " requests never completed"));
    }
  }

  /** The counters of one run, updated from the client's completion threads. */
  private static final class Run {
    final String name;
    final ConcurrentHistogram latency = new ConcurrentHistogram(3);
    final LongAdder messages = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAccumulator lastCompletion = new LongAccumulator(Long::max, Long.MIN_VALUE);

    Run(String name) {
      this.name = name;
    }

    void start(Operation operation, long sequence, long from, Semaphore permits) {
      CompletableFuture<Integer> request;
      try {
        request = operation.start(sequence);
      } catch (RuntimeException failure) {
        request = CompletableFuture.failedFuture(failure);
      }
      request.whenComplete(
          (moved, failure) -> {
            long now = System.nanoTime();
            latency.recordValue(Math.max(0, now - from));
            if (failure == null) {
              messages.add(moved);
            } else {
              errors.increment();
              noteFailure(name, failure);
            }
            lastCompletion.accumulate(now);
            permits.release();
          });
    }

    Sample sample(long requests, long start) {
      long end = Math.max(lastCompletion.get(), start + 1);
      return new Sample(
          requests, messages.sum(), errors.sum(), (end - start) / 1e9, latency.copy());
    }
  }
}
