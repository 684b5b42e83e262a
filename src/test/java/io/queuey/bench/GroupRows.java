package io.queuey.bench;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The consumer-group rows (API.md, "Consumer groups"): claims, messages and acks per second per
 * mode and {@code max}, the server's lightweight transactions and CAS retries per claim, and the
 * post→claim latency with long polling.
 */
final class GroupRows {

  /** The modes, in the order of their cost. */
  static final List<String> MODES = List.of("at_most_once", "at_least_once", "exactly_once");

  /** The {@code max} of the claims. */
  static final List<Integer> MAXES = List.of(1, 10, 100);

  /** Partitions of the groups' queues: several, as a queue many consumers share would have. */
  static final int PARTITIONS = 8;

  /** The row of {@link Raw#groupCycle}, measured before these rows. */
  static final String RAW_CYCLE = "groups.raw_cycle";

  /** The latency probe's long poll: claims wait up to this long for a message. */
  static final int WAIT_SECONDS = 2;

  /**
   * The latency probe's producer rate (messages/s): far below any maximum, so that it is latency.
   */
  static final double PROBE_RATE = 100;

  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }

  @FunctionalInterface
  interface Measure {
    Load.Sample measured(String key, String name, Load.Operation operation, int concurrency)
        throws InterruptedException;
  }

  private final Options options;
  private final Report report;
  private final Http http;
  private final Check alive;
  private final Measure measure;

  GroupRows(Options options, Report report, Http http, Check alive, Measure measure) {
    this.options = options;
    this.report = report;
    this.http = http;
    this.alive = alive;
    this.measure = measure;
  }

  void run(String run) throws Exception {
    String queue = "bench-g-" + run;
    if (!queueCreated(queue)) {
      report.add(
          "groups",
          "groups.seed",
          "seed the groups' queue",
          noteOnly("the queue could not be created"),
          1);
      return;
    }
    seed(queue);
    for (String mode : MODES) {
      for (int max : MAXES) {
        alive.run();
        consumption(queue, mode, max);
      }
    }
    alive.run();
    latency("bench-gl-" + run);
  }

  private static void progress(String format, Object... arguments) {
    System.out.printf(
        "[%s] %s%n",
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
        String.format(Locale.ROOT, format, arguments));
  }

  /** The backlog every group of the throughput rows consumes from its start. */
  private void seed(String queue) throws InterruptedException {
    int messages = options.groupMessages();
    progress("Seeding %,d messages for the consumer groups into %s", messages, queue);
    int batches = (messages + Benchmark.PAGE - 1) / Benchmark.PAGE;
    Load.Sample seeded =
        Load.closedLoop(
            "group seed",
            http.postBatch(queue, Benchmark.PAGE),
            options.groupConsumers(),
            Duration.ofMinutes(10),
            batches);
    var values = new LinkedHashMap<String, Object>();
    values.put("messagesPerSecond", seeded.messagesPerSecond());
    values.put("p50", seeded.millisAt(50));
    values.put("p99", seeded.millisAt(99));
    values.put("requests", seeded.requests());
    values.put(
        "note",
        String.format(
            Locale.ROOT,
            "%,d messages in batch POSTs of %d, %d partitions",
            seeded.messages(),
            Benchmark.PAGE,
            PARTITIONS));
    report.add("groups", "groups.seed", "seed the groups' queue", values, seeded.errors());
  }

  /** A consumer's cycle: claim up to {@code max}, then ack what it got (not in at_most_once). */
  private Load.Operation consume(
      String queue, String group, String mode, int max, LongAdder acks, LongAdder empty) {
    boolean acknowledges = !mode.equals("at_most_once");
    return sequence ->
        http.claim(queue, group, max, 0)
            .thenCompose(
                claimed -> {
                  int count = claimed.bodies().size();
                  if (count == 0) {
                    empty.increment();
                    return CompletableFuture.completedFuture(0);
                  }
                  if (!acknowledges) {
                    return CompletableFuture.completedFuture(count);
                  }
                  if (claimed.receipts().size() != count) {
                    throw new IllegalStateException(
                        count + " messages but " + claimed.receipts().size() + " receipts");
                  }
                  acks.increment();
                  return http.ack(queue, group, claimed.receipts()).thenApply(done -> count);
                });
  }

  private void consumption(String queue, String mode, int max) throws Exception {
    String group = mode.replace('_', '-') + "-" + max;
    String key = "groups." + mode + ".max_" + max;
    String name =
        String.format(Locale.ROOT, "%s, max=%d, %d consumers", mode, max, options.groupConsumers());
    if (!created(queue, group, mode, "earliest")) {
      var values = new LinkedHashMap<String, Object>();
      values.put("note", "the group could not be created (see the failures)");
      report.add("groups", key, name, values, 1);
      return;
    }
    progress("Measuring consumer group %s", name);
    var acks = new LongAdder();
    var empty = new LongAdder();
    Load.Operation operation = consume(queue, group, mode, max, acks, empty);
    long errors = 0;
    if (!options.warmup().isZero()) {
      errors +=
          Load.closedLoop(
                  name, operation, options.groupConsumers(), options.warmup(), Long.MAX_VALUE)
              .errors();
    }
    acks.reset();
    empty.reset();
    double lwtsBefore = counter("queuey_group_lwts");
    double retriesBefore = counter("queuey_group_cas_retries");
    Load.Sample sample = measure.measured(key, name, operation, options.groupConsumers());
    double lwts = counter("queuey_group_lwts") - lwtsBefore;
    double retries = counter("queuey_group_cas_retries") - retriesBefore;
    long claims = sample.requests();
    var values = new LinkedHashMap<String, Object>();
    values.put("claimsPerSecond", sample.requestsPerSecond());
    values.put("messagesPerSecond", sample.messagesPerSecond());
    values.put("acksPerSecond", mode.equals("at_most_once") ? null : acks.sum() / sample.seconds());
    values.put("p50", sample.millisAt(50));
    values.put("p99", sample.millisAt(99));
    values.put("lwtsPerClaim", claims == 0 ? Double.NaN : lwts / claims);
    values.put("casRetriesPerClaim", claims == 0 ? Double.NaN : retries / claims);
    values.put("requests", claims + acks.sum());
    values.put("messages", sample.messages());
    if (mode.equals("at_least_once") && max == Benchmark.PAGE) {
      // Group consumption against the plain read it is built on (issue 9's goal: ≥ 0.5).
      Double range = rawFigure("raw.range");
      values.put("rawFigure", range);
      values.put("ratio", range == null ? null : sample.messagesPerSecond() / range);
      // And against the least Cassandra work of the same claims and acks.
      Double cycle = rawFigure(RAW_CYCLE);
      values.put("cycleFigure", cycle);
      values.put("cycleRatio", cycle == null ? null : sample.messagesPerSecond() / cycle);
    }
    if (empty.sum() > 0) {
      values.put(
          "note",
          String.format(
              Locale.ROOT,
              "%,d of %,d claims found nothing: the backlog of %,d was used up (--group-messages)",
              empty.sum(),
              claims,
              options.groupMessages()));
    }
    report.add("groups", key, name, values, errors + sample.errors());
  }

  /**
   * Creates the group, trying three times: a setup call that times out on a loaded machine is
   * counted against the row (an error), it does not end the run.
   */
  private boolean created(String queue, String group, String mode, String start)
      throws InterruptedException {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        http.createGroup(queue, group, mode, start).get(60, TimeUnit.SECONDS);
        return true;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        Load.noteFailure("create group " + group, e);
        if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains(" 400:")) {
          // Created by an attempt whose answer was lost: the name is taken, the group exists.
          return true;
        }
        Thread.sleep(1000);
      }
    }
    return false;
  }

  private static LinkedHashMap<String, Object> noteOnly(String note) {
    var values = new LinkedHashMap<String, Object>();
    values.put("note", note);
    return values;
  }

  /**
   * Creates a queue of {@link #PARTITIONS} partitions, trying three times (see {@link #created}).
   */
  private boolean queueCreated(String queue) throws InterruptedException {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        http.createQueue(queue, PARTITIONS).get(60, TimeUnit.SECONDS);
        return true;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        Load.noteFailure("create queue " + queue, e);
        if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains(" 400:")) {
          return true;
        }
        Thread.sleep(1000);
      }
    }
    return false;
  }

  /** The server's counter, or NaN (a blank in the report) when /metrics does not answer. */
  private double counter(String name) {
    try {
      return http.counter(name);
    } catch (Exception unanswered) {
      Load.noteFailure("GET /metrics", unanswered);
      return Double.NaN;
    }
  }

  private Double rawFigure(String key) {
    return report.rows().stream()
        .filter(row -> row.key().equals(key))
        .map(row -> row.values().get("messagesPerSecond"))
        .filter(Double.class::isInstance)
        .map(Double.class::cast)
        .findFirst()
        .orElse(null);
  }

  /**
   * Post→claim latency: a producer posts single messages at {@link #PROBE_RATE} carrying their send
   * time, into an empty queue whose at_least_once group the consumers long-poll ({@code wait}); the
   * latency of a message is from just before its POST to the arrival of the claim answer holding
   * it.
   */
  private void latency(String queue) throws Exception {
    String group = "latency";
    if (!queueCreated(queue) || !created(queue, group, "at_least_once", "latest")) {
      report.add(
          "groups",
          "groups.latency",
          "post→claim latency",
          new LinkedHashMap<>(java.util.Map.of("note", "the group could not be created")),
          1);
      return;
    }
    String name =
        String.format(
            Locale.ROOT,
            "post→claim latency, at_least_once, wait=%d s, %d consumers, %.0f msg/s posted",
            WAIT_SECONDS,
            options.groupConsumers(),
            PROBE_RATE);
    progress("Measuring %s", name);
    var latency = new ConcurrentHistogram(3);
    var acks = new LongAdder();
    Load.Operation consumer =
        sequence ->
            http.claim(queue, group, 10, WAIT_SECONDS)
                .thenCompose(
                    claimed -> {
                      long now = System.nanoTime();
                      for (String body : claimed.bodies()) {
                        latency.recordValue(
                            Math.max(0, now - Long.parseLong(body.substring(1, 20))));
                      }
                      if (claimed.receipts().isEmpty()) {
                        return CompletableFuture.completedFuture(0);
                      }
                      acks.increment();
                      return http.ack(queue, group, claimed.receipts())
                          .thenApply(done -> claimed.bodies().size());
                    });
    String padding = Benchmark.body(Math.max(0, options.bodyBytes() - 21));
    Load.Operation producer =
        http.postEach(
            queue, sequence -> String.format(Locale.ROOT, "t%019d-", System.nanoTime()) + padding);
    Duration producing = options.duration();
    // The consumers go on a little after the last post, so that it too is claimed.
    var consumers =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Load.closedLoop(
                    name,
                    consumer,
                    options.groupConsumers(),
                    producing.plusSeconds(WAIT_SECONDS + 3),
                    Long.MAX_VALUE);
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
              }
            });
    // Long polls in place before the first post.
    Thread.sleep(500);
    Load.Sample posted = Load.openLoop("latency probe posts", producer, PROBE_RATE, producing, 256);
    Load.Sample claimed = consumers.get(producing.toSeconds() + 120, TimeUnit.SECONDS);
    var values = new LinkedHashMap<String, Object>();
    values.put("claimsPerSecond", claimed.requestsPerSecond());
    values.put("messagesPerSecond", claimed.messagesPerSecond());
    values.put("acksPerSecond", acks.sum() / claimed.seconds());
    values.put(
        "p50", latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6);
    values.put(
        "p99", latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6);
    values.put("requests", posted.requests() + claimed.requests() + acks.sum());
    values.put(
        "note",
        String.format(
            Locale.ROOT,
            "%,d of %,d posted messages claimed; latency from before the POST",
            latency.getTotalCount(),
            posted.messages()));
    long missing = Math.max(0, posted.messages() - latency.getTotalCount());
    if (missing > 0) {
      report.note(
          String.format(
              Locale.ROOT,
              "Latency probe: %,d posted messages were not claimed within %d s of the last post.",
              missing,
              WAIT_SECONDS + 3));
    }
    report.add("groups", "groups.latency", name, values, posted.errors() + claimed.errors());
  }
}
