package io.queuey.bench;

import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.storage.TimeBuckets;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.storage.QueueBuckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Queuey's benchmark: the raw Cassandra driver against Queuey's own tables (the limit), then Queuey
 * over HTTP with many concurrent non-blocking clients, latency at half the maximum rate, listing
 * and reading at a million queues and messages, and what Payara Micro and Cassandra consumed.
 *
 * <p>{@code mvn -Pbench package [-Dbench.args="--quick"]}; see {@link Options#USAGE}. Prints a
 * Markdown report and writes it as JSON ({@code target/benchmark.json}).
 */
public final class Benchmark {

  /** Messages per batch POST, per range read, per listing page. */
  static final int PAGE = 100;

  private final Options options;
  private final Report report = new Report();
  private final Map<String, Cpu> cpuByOperation = new LinkedHashMap<>();
  private final List<Verdict.Watched> watched = new ArrayList<>();
  private Servers servers;
  private ElasticMq peer;

  /** When the measured phases began, after the warm-up. */
  private Instant measuredFrom = Instant.now();

  private Benchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException usage) {
      System.err.println(usage.getMessage());
      if (usage.getMessage().startsWith("Usage")) {
        return;
      }
      throw usage;
    }
    Report report = new Benchmark(options).execute();
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("JSON report: " + options.json().toAbsolutePath());
    if (!report.problems().isEmpty()) {
      // A table of figures measured on a broken system must not pass for a result.
      System.out.println("BENCHMARK FAILED: its figures cannot be trusted:");
      report.problems().forEach(problem -> System.out.println("  " + problem));
      System.out.println("The first failures:");
      Load.firstFailures().forEach(failure -> System.out.println("  " + failure));
      System.out.flush();
      Runtime.getRuntime().exit(1);
    }
    System.out.println(
        "Benchmark passed: no server process died, no row beyond "
            + Verdict.TOLERATED_ERRORS_PER_THOUSAND
            + " error per 1,000 requests.");
  }

  /** Runs the benchmark in this JVM (the quick test does) and answers the report. */
  static Report run(String... args) throws Exception {
    return new Benchmark(Options.parse(args)).execute();
  }

  private Report execute() throws Exception {
    long started = System.nanoTime();
    preloadClasses();
    describeMachine();
    String body = body(options.bodyBytes());
    Servers chosen = options.ownServers() ? Servers.start(options) : Servers.existing(options);
    servers = chosen;
    watched.addAll(chosen.watched());
    try (chosen;
        ElasticMq elasticMq = startPeer(body);
        Raw raw = new Raw(options.cassandraPort(), options.keyspace(), body)) {
      peer = elasticMq;
      if (elasticMq != null) {
        watched.add(
            new Verdict.Watched("ElasticMQ", elasticMq.pid(), Optional.of(elasticMq.log())));
      }
      try {
        phases(raw, body);
      } catch (ServerDied died) {
        report.note("The run stopped early: " + died.getMessage());
      }
      resources();
      report.problems(Verdict.problems(report.rows(), watched));
    }
    report.header("load average at the end (1, 5, 15 min)", Processes.loadAverage());
    report.header(
        "run time", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9));
    report.writeJson(options.json());
    return report;
  }

  /** ElasticMQ, when the run wants the peer (by default when it starts its own servers). */
  private ElasticMq startPeer(String body) throws IOException, InterruptedException {
    if (!options.peer()) {
      report.note(
          "The peer (ElasticMQ) was not run"
              + (options.ownServers()
                  ? " (--no-peer)."
                  : ": with --url only when --peer is given."));
      return null;
    }
    return ElasticMq.start(options.basedir(), options.elasticmqPort(), "512m", body);
  }

  /** A server process the run measures died: the rest of the run would measure nothing. */
  private static final class ServerDied extends Exception {
    ServerDied(String message) {
      super(message);
    }
  }

  /** Stops the run when a measured process is gone: every later row would be errors only. */
  private void requireAlive() throws ServerDied {
    for (Verdict.Watched process : watched) {
      if (!process.alive()) {
        throw new ServerDied(process.name() + " (pid " + process.pid() + ") is gone");
      }
    }
  }

  private void phases(Raw raw, String body) throws Exception {
    var http = new Http(servers.baseUri, servers.app, servers.key, body);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String writeQueue = "bench-w-" + run;
    String readQueue = "bench-r-" + run;
    String scaleQueue = "bench-m-" + run;
    for (String queue : List.of(writeQueue, readQueue, scaleQueue)) {
      http.createQueue(queue).get(30, TimeUnit.SECONDS);
    }
    progress(
        "Seeding %,d messages into queue %s and into a raw partition",
        options.seedMessages(), readQueue);
    List<MessageId> readIds = http.seed(readQueue, options.seedMessages(), options.clients());
    Raw.Seeded seeded = raw.seed(options.seedMessages(), options.clients());

    if (options.phases().contains("throughput")) {
      throughput(raw, http, writeQueue, readQueue, readIds, seeded);
      if (options.jfr()) {
        Path recording = options.basedir().resolve("target/bench-payara.jfr");
        servers.dumpProfile(recording);
        String summary = JfrSummary.summarize(recording, 25, measuredFrom);
        Files.writeString(options.basedir().resolve("target/bench-payara-jfr.txt"), summary);
        System.out.println(summary);
      }
    }
    if (options.phases().contains("groups")) {
      requireAlive();
      groupCycle(raw, seeded);
      new GroupRows(options, report, http, this::requireAlive, this::measured).run(run);
    }
    if (options.phases().contains("scale")) {
      requireAlive();
      queueScale(raw, http, run);
      messageScale(http, scaleQueue);
    }
  }

  /**
   * Loads every class the run will need now: a full run takes many minutes, and another build in
   * the same working copy may replace {@code target/classes} meanwhile.
   */
  private static void preloadClasses() throws IOException, ClassNotFoundException {
    var loader = Benchmark.class.getClassLoader();
    var location = Benchmark.class.getProtectionDomain().getCodeSource().getLocation();
    Path classes = Path.of(java.net.URI.create(location.toString())).resolve("io/queuey/bench");
    if (Files.isDirectory(classes)) {
      try (var files = Files.list(classes)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".class") && !name.contains("IT")) {
            Class.forName("io.queuey.bench." + name.replace(".class", ""), false, loader);
          }
        }
      }
    }
    // The main code the benchmark calls, initialised once.
    QueueBuckets.of(new QueueName("preload"), 32);
    TimeBuckets.bucketOf(Timestamp.now(), Raw.BUCKET_SECONDS);
    MessageId.lowestAt(Timestamp.now()).hex();
    Class.forName("io.queuey.errors.InvalidParameter", true, loader);
    Class.forName("io.queuey.cassandra.CassandraSchema$Table", true, loader);
  }

  private void describeMachine() {
    report.header(
        "date",
        ZonedDateTime.now()
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    report.header(
        "machine",
        String.format(
            Locale.ROOT,
            "%d cores (%s), %.1f GiB memory, %s %s",
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            Processes.machineMemoryGib(),
            System.getProperty("os.name"),
            System.getProperty("os.version")));
    report.header(
        "Java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    report.header("code", codeVersion());
    report.header("load average at the start (1, 5, 15 min)", Processes.loadAverage());
    report.header(
        "servers",
        options.ownServers()
            ? "started by the benchmark: Cassandra 5.0 (one node, heap "
                + options.cassandraHeap()
                + ", 127.0.0.1:"
                + options.cassandraPort()
                + "), Queuey on Payara Micro 6 (JVM options of "
                + Servers.JVM_OPTIONS
                + options.payaraHeap().map(heap -> ", heap " + heap).orElse("")
                + "); everything, client included, on this machine"
            : "already running: Queuey at "
                + options.url().orElseThrow()
                + ", raw driver against 127.0.0.1:"
                + options.cassandraPort());
    report.header(
        "settings",
        String.format(
            Locale.ROOT,
            "%s%d clients (%d creating queues), %d-byte bodies, warm-up ≥ %d s overall + %.1f s per"
                + " operation, %d × %.1f s per operation (median), %,d seeded messages, %,d queues,"
                + " %,d messages",
            options.quick() ? "QUICK MODE, " : "",
            options.clients(),
            options.createClients(),
            options.bodyBytes(),
            options.serverWarmup().toSeconds(),
            options.warmup().toMillis() / 1000.0,
            options.repetitions(),
            options.duration().toMillis() / 1000.0,
            options.seedMessages(),
            options.queues(),
            options.messages()));
  }

  /** The commit measured, and whether the working copy differed from it. */
  private String codeVersion() {
    try {
      Process git =
          new ProcessBuilder("git", "describe", "--always", "--dirty")
              .directory(options.basedir().toFile())
              .redirectErrorStream(true)
              .start();
      String version = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 ? "git " + version : "unknown";
    } catch (IOException | InterruptedException unknown) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException unreadable) {
      return "unknown CPU";
    }
  }

  /** An ASCII body of exactly {@code bytes} bytes; no character needs escaping in JSON. */
  static String body(int bytes) {
    String pattern = "queuey-benchmark-message-0123456789-abcdefghijklmnopqrstuvwxyz-";
    var text = new StringBuilder(bytes);
    while (text.length() < bytes) {
      text.append(pattern);
    }
    return text.substring(0, bytes);
  }

  private static void progress(String format, Object... arguments) {
    System.out.printf(
        "[%s] %s%n",
        java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
        String.format(Locale.ROOT, format, arguments));
  }

  // --- 1 + 2: maximum throughput, raw and over HTTP ------------------------------------------

  /**
   * A raw operation and the Queuey operation it bounds, measured alternately; with the floor of the
   * Queuey operation when there is one (a bare endpoint of the same request and answer sizes, which
   * moves {@code messagesPerRequest} messages in the sense of the stack limit).
   */
  private record Pair(
      String rawKey,
      String rawName,
      Load.Operation raw,
      String httpKey,
      String httpName,
      Load.Operation http,
      boolean countsMessages,
      int concurrency,
      Floor floor) {

    Pair(
        String rawKey,
        String rawName,
        Load.Operation raw,
        String httpKey,
        String httpName,
        Load.Operation http,
        boolean countsMessages,
        int concurrency) {
      this(rawKey, rawName, raw, httpKey, httpName, http, countsMessages, concurrency, null);
    }

    Pair withFloor(Floor floor) {
      return new Pair(
          rawKey, rawName, raw, httpKey, httpName, http, countsMessages, concurrency, floor);
    }

    /** The operations of the warm-up and of the measurement, in their order. */
    List<Named> operations() {
      var all = new ArrayList<Named>();
      all.add(new Named(rawKey, rawName, raw));
      if (floor != null) {
        all.add(new Named(floor.key(), floor.name(), floor.operation()));
      }
      all.add(new Named(httpKey, httpName, http));
      return all;
    }
  }

  /** The floor of one Queuey operation. */
  private record Floor(String key, String name, Load.Operation operation, int messagesPerRequest) {}

  private record Named(String key, String name, Load.Operation operation) {}

  /** Floors of the message operations, sized like their answers (sampled once, here). */
  private List<Pair> withFloors(List<Pair> pairs, Http http) throws Exception {
    if (servers.floorUri.isEmpty()) {
      report.note(
          "No floor rows: the floor WAR is deployed only into a Payara Micro the benchmark starts"
              + " itself (not with --url), so these rows have no stack limit.");
      return pairs;
    }
    var floor = servers.floorUri.get();
    var floored = new ArrayList<Pair>();
    for (Pair pair : pairs) {
      int answer = http.answerBytes(pair.http());
      Floor bare =
          switch (pair.httpKey()) {
            case "http.post" ->
                new Floor(
                    "floor.post",
                    "floor: bare POST, same sizes as POST one message",
                    http.floorPost(floor, http.bodyBytes(), answer, "text/plain; charset=utf-8"),
                    1);
            case "http.post_batch" ->
                new Floor(
                    "floor.post_batch",
                    "floor: bare POST, same sizes as a batch POST of 100",
                    http.floorPost(floor, http.batchRequestBytes(PAGE), answer, "application/json"),
                    PAGE);
            case "http.get_since" ->
                new Floor(
                    "floor.get_since",
                    "floor: bare GET, same answer size as GET since (100)",
                    http.floorGet(floor, answer),
                    PAGE);
            case "http.get_by_id" ->
                new Floor(
                    "floor.get_by_id",
                    "floor: bare GET, same answer size as GET by id",
                    http.floorGet(floor, answer),
                    1);
            default -> null;
          };
      floored.add(bare == null ? pair : pair.withFloor(bare));
    }
    return floored;
  }

  /**
   * The raw claim-and-ack cycle ({@link Raw#groupCycle}) at the groups' concurrency: what the
   * at-least-once group rows are compared with besides the raw range read.
   */
  private void groupCycle(Raw raw, Raw.Seeded seeded) throws InterruptedException {
    String name =
        String.format(
            Locale.ROOT,
            "raw: claim-and-ack cycle of %d (range read, LWT batch of lease rows, ack batch),"
                + " %d clients",
            PAGE,
            options.groupConsumers());
    progress("Measuring %s", name);
    Load.Operation cycle = raw.groupCycle(seeded, PAGE);
    long errors = 0;
    if (!options.warmup().isZero()) {
      errors += closed(name, cycle, options.groupConsumers(), options.warmup()).errors();
    }
    Load.Sample sample = measured(GroupRows.RAW_CYCLE, name, cycle, options.groupConsumers());
    var values = new LinkedHashMap<String, Object>();
    values.put("claimsPerSecond", sample.requestsPerSecond());
    values.put("messagesPerSecond", sample.messagesPerSecond());
    values.put("p50", sample.millisAt(50));
    values.put("p99", sample.millisAt(99));
    values.put("lwtsPerClaim", 1.0);
    values.put("requests", sample.requests());
    values.put("messages", sample.messages());
    report.add("groups", GroupRows.RAW_CYCLE, name, values, errors + sample.errors());
  }

  private void throughput(
      Raw raw,
      Http http,
      String writeQueue,
      String readQueue,
      List<MessageId> readIds,
      Raw.Seeded seeded)
      throws Exception {
    var plainPairs =
        List.of(
            new Pair(
                "raw.insert",
                "raw: single-row insert",
                raw.singleInsert(),
                "http.post",
                "POST one message",
                http.postOne(writeQueue),
                true,
                options.clients()),
            new Pair(
                "raw.batch",
                "raw: unlogged batch of 100 rows, one partition",
                raw.batchInsert(PAGE),
                "http.post_batch",
                "POST a batch of 100 messages",
                http.postBatch(writeQueue, PAGE),
                true,
                options.clients()),
            new Pair(
                "raw.range",
                "raw: range read of 100 rows",
                raw.rangeRead(seeded, PAGE),
                "http.get_since",
                "GET since, 100 per page",
                http.readSince(readQueue, readIds, PAGE),
                true,
                options.clients()),
            new Pair(
                "raw.by_id",
                "raw: read one row by id",
                raw.readById(seeded),
                "http.get_by_id",
                "GET one message by id",
                http.readById(readQueue, readIds),
                true,
                options.clients()));
    var messagePairs = withFloors(plainPairs, http);
    var createPair =
        new Pair(
            "raw.queue_insert",
            "raw: queue row insert (LWT, IF NOT EXISTS)",
            raw.createQueueIfNotExists("raw-" + http.app(), options.queueBuckets()),
            "http.create_queue",
            "POST a queue (create)",
            http.createQueues(),
            false,
            options.createClients());
    // A freshly started JVM spends minutes compiling under load (Payara Micro's C2 compiler
    // alone took a third of its CPU for the first 7 minutes of a run on this machine): warm up
    // until neither server compiles much any more. Queue creation is left out: its failures under
    // contention would disturb the operations after it (see halfLoad).
    var curve = warmupCurve(http.postOne(writeQueue));
    var warmupErrors = warmUp(messagePairs);
    curve.ifPresent(windows -> warmupErrors.merge("http.post", windows.errors(), Long::sum));
    // The profile summary is to show the steady state, not the JIT compiler.
    measuredFrom = Instant.now();
    for (Pair pair : messagePairs) {
      requireAlive();
      measure(pair, http, warmupErrors);
    }
    curve.ifPresent(this::warmupRows);
    if (peer != null) {
      requireAlive();
      peerRows(warmupErrors);
    }
    requireAlive();
    // Before queue creation: a creation that times out in Cassandra can cost the server its
    // connection for a while (see the notes), which must not be charged to these.
    halfLoad(http, writeQueue, readQueue, readIds);
    requireAlive();
    measure(createPair, http, warmupErrors);
  }

  /** The windows of the warm-up curve, each {@code seconds} after Queuey was first ready. */
  private record Curve(List<Load.Sample> windows, List<Double> secondsSinceReady) {

    long errors() {
      return windows.stream().mapToLong(Load.Sample::errors).sum();
    }
  }

  /**
   * Right after start-up, before any other warm-up: POST one message in a closed loop, in windows
   * of 10 s (quick: 2 s), to show how soon a fresh Queuey reaches its steady rate.
   */
  private Optional<Curve> warmupCurve(Load.Operation post) throws InterruptedException, ServerDied {
    if (options.warmupCurve().isZero()) {
      return Optional.empty();
    }
    Duration window = Duration.ofSeconds(options.quick() ? 2 : 10);
    long count = Math.max(1, options.warmupCurve().toNanos() / window.toNanos());
    progress("Warm-up curve: POST one message, %d windows of %d s", count, window.toSeconds());
    var windows = new ArrayList<Load.Sample>();
    var since = new ArrayList<Double>();
    for (long i = 0; i < count; i++) {
      windows.add(closed("POST one message (warm-up curve)", post, options.clients(), window));
      since.add(Duration.between(servers.readyAt(), Instant.now()).toMillis() / 1000.0);
      requireAlive();
    }
    return Optional.of(new Curve(windows, since));
  }

  /**
   * The curve's rows against the steady rate: the POST row measured after every warm-up. The figure
   * to watch: the first window at 80 % of it.
   */
  private void warmupRows(Curve curve) {
    double steady =
        (Double)
            report.rows().stream()
                .filter(row -> row.key().equals("http.post"))
                .findFirst()
                .orElseThrow()
                .values()
                .get("requestsPerSecond");
    Double reached = null;
    for (int i = 0; i < curve.windows().size(); i++) {
      Load.Sample sample = curve.windows().get(i);
      double seconds = curve.secondsSinceReady().get(i);
      double ratio = sample.requestsPerSecond() / steady;
      if (reached == null && ratio >= 0.8) {
        reached = seconds;
      }
      var values = new LinkedHashMap<String, Object>();
      values.put("secondsSinceReady", seconds);
      values.put("requestsPerSecond", sample.requestsPerSecond());
      values.put("p50", sample.millisAt(50));
      values.put("p99", sample.millisAt(99));
      values.put("ratio", ratio);
      report.add(
          "warmup",
          "warmup." + i,
          String.format(Locale.ROOT, "POST one message, window %d", i + 1),
          values,
          sample.errors());
    }
    report.header(
        "warm-up curve",
        String.format(
            Locale.ROOT,
            "steady POST one message %.0f req/s; 80 %% of it %s",
            steady,
            reached == null
                ? "not reached within the curve ("
                    + curve.secondsSinceReady().get(curve.secondsSinceReady().size() - 1)
                    + " s after ready)"
                : "first reached in the window ending " + Math.round(reached) + " s after ready"));
  }

  /** Most the warm-up waits for the JIT compilers to settle. */
  private static final Duration MAX_WARMUP = Duration.ofMinutes(3);

  /**
   * Every operation in turn, a few seconds each, for at least {@code --server-warmup-seconds} and
   * then until Payara Micro and Cassandra each spent under 5% of a round compiling.
   */
  private Map<String, Long> warmUp(List<Pair> pairs) throws InterruptedException, ServerDied {
    var errors = new LinkedHashMap<String, Long>();
    if (options.serverWarmup().isZero()) {
      return errors;
    }
    Duration slice =
        Duration.ofSeconds(Math.min(3, Math.max(1, options.serverWarmup().toSeconds() / 16)));
    progress(
        "Warming up every operation: at least %d s, then until the JIT compilers are done",
        options.serverWarmup().toSeconds());
    long start = System.nanoTime();
    while (true) {
      long roundStart = System.nanoTime();
      double[] jitBefore = jitSeconds();
      for (Pair pair : pairs) {
        for (Named operation : pair.operations()) {
          errors.merge(
              operation.key(),
              closed(operation.name(), operation.operation(), pair.concurrency(), slice).errors(),
              Long::sum);
        }
      }
      requireAlive();
      double round = (System.nanoTime() - roundStart) / 1e9;
      double[] jitAfter = jitSeconds();
      double payara = (jitAfter[0] - jitBefore[0]) / round;
      double cassandra = (jitAfter[1] - jitBefore[1]) / round;
      long elapsed = System.nanoTime() - start;
      progress(
          "  compiling: Payara Micro %.0f%%, Cassandra %.0f%% of the round",
          100 * payara, 100 * cassandra);
      boolean settled = !(payara >= 0.05) && !(cassandra >= 0.05);
      if ((settled && elapsed >= options.serverWarmup().toNanos())
          || elapsed >= Math.max(MAX_WARMUP.toNanos(), options.serverWarmup().toNanos())) {
        report.header(
            "warm-up",
            String.format(
                Locale.ROOT,
                "%.0f s; JIT at the end: Payara Micro %.0f%%, Cassandra %.0f%% of the time",
                elapsed / 1e9,
                100 * payara,
                100 * cassandra));
        return errors;
      }
    }
  }

  /** Compilation seconds so far of Payara Micro and Cassandra (NaN: unknown, never waited for). */
  private double[] jitSeconds() {
    return new double[] {
      servers.payaraPid.map(Processes::jitSeconds).orElse(Double.NaN),
      servers.cassandraPid.map(Processes::jitSeconds).orElse(Double.NaN)
    };
  }

  private void measure(Pair pair, Http http, Map<String, Long> warmupErrors)
      throws InterruptedException {
    progress("Measuring %s / %s", pair.rawName(), pair.httpName());
    int concurrency = pair.concurrency();
    var runs = new LinkedHashMap<String, List<Load.Sample>>();
    var errors = new LinkedHashMap<String, Long>();
    for (Named operation : pair.operations()) {
      runs.put(operation.key(), new ArrayList<>());
      long warm = warmupErrors.getOrDefault(operation.key(), 0L);
      if (!options.warmup().isZero()) {
        warm +=
            closed(operation.name(), operation.operation(), concurrency, options.warmup()).errors();
      }
      errors.put(operation.key(), warm);
    }
    // Alternating raw, floor and HTTP repetitions: a drift of the machine (compaction, another
    // process) affects every side of a ratio alike.
    for (int i = 0; i < options.repetitions(); i++) {
      for (Named operation : pair.operations()) {
        runs.get(operation.key())
            .add(measured(operation.key(), operation.name(), operation.operation(), concurrency));
      }
    }
    List<Load.Sample> rawRuns = runs.get(pair.rawKey());
    double rawFigure =
        median(
            rawRuns,
            pair.countsMessages()
                ? Load.Sample::messagesPerSecond
                : Load.Sample::requestsPerSecond);
    throughputRow(
        pair.rawKey(),
        pair.rawName(),
        rawRuns,
        errors.get(pair.rawKey()),
        pair.countsMessages(),
        null,
        null);
    Double stackLimit = null;
    if (pair.floor() != null) {
      Floor floor = pair.floor();
      List<Load.Sample> floorRuns = runs.get(floor.key());
      double floorMessages =
          median(floorRuns, Load.Sample::requestsPerSecond) * floor.messagesPerRequest();
      // What this hardware could do if Queuey's own code cost nothing: the storage work (raw) and
      // the HTTP work (floor) of one message, one after the other on the same cores.
      stackLimit = 1 / (1 / rawFigure + 1 / floorMessages);
      var values = throughputValues(floorRuns, true);
      values.put("messagesPerSecond", floorMessages);
      values.put(
          "note",
          floor.messagesPerRequest() == 1
              ? "req/s"
              : "msg/s = req/s × " + floor.messagesPerRequest());
      report.add("throughput", floor.key(), floor.name(), values, errors.get(floor.key()));
    }
    throughputRow(
        pair.httpKey(),
        pair.httpName(),
        runs.get(pair.httpKey()),
        errors.get(pair.httpKey()),
        pair.countsMessages(),
        rawFigure,
        stackLimit);
    settle(http);
  }

  /** The peer's rows: ElasticMQ's calls, measured like the others, after Queuey's. */
  private void peerRows(Map<String, Long> warmupErrors) throws InterruptedException {
    var operations =
        List.of(
            new Named("peer.send", "ElasticMQ: SendMessage", peer.sendMessage()),
            new Named(
                "peer.send_batch", "ElasticMQ: SendMessageBatch of 10", peer.sendMessageBatch(10)),
            new Named(
                "peer.receive_delete",
                "ElasticMQ: ReceiveMessage + DeleteMessage",
                peer.receiveAndDelete()));
    for (Named operation : operations) {
      progress("Measuring %s", operation.name());
      // ElasticMQ was not in the overall warm-up: it is at full speed within seconds.
      long errors =
          closed(
                  operation.name(),
                  operation.operation(),
                  options.clients(),
                  options.warmup().isZero() ? Duration.ofSeconds(1) : options.warmup())
              .errors();
      var runs = new ArrayList<Load.Sample>();
      for (int i = 0; i < options.repetitions(); i++) {
        runs.add(
            measured(operation.key(), operation.name(), operation.operation(), options.clients()));
      }
      var values = throughputValues(runs, true);
      if (operation.key().equals("peer.receive_delete")) {
        long empty = runs.stream().mapToLong(run -> run.requests() - run.messages()).sum();
        values.put(
            "note",
            empty == 0
                ? "2 calls per message"
                : "2 calls per message; " + empty + " receives found the queue empty");
      }
      report.add(
          "throughput",
          operation.key(),
          operation.name(),
          values,
          errors + runs.stream().mapToLong(Load.Sample::errors).sum());
    }
    // Queuey's sends against the peer's, in the same run.
    peerRatio("http.post", "peer.send");
    peerRatio("http.post_batch", "peer.send_batch");
  }

  private void peerRatio(String queueyKey, String peerKey) {
    Double peerRate = figure(peerKey, "messagesPerSecond");
    Double queuey = figure(queueyKey, "messagesPerSecond");
    if (peerRate != null && queuey != null) {
      report.rows().stream()
          .filter(row -> row.key().equals(queueyKey))
          .findFirst()
          .ifPresent(row -> row.values().put("peerRatio", queuey / peerRate));
    }
  }

  private Double figure(String key, String value) {
    return report.rows().stream()
        .filter(row -> row.key().equals(key))
        .map(row -> row.values().get(value))
        .filter(Double.class::isInstance)
        .map(Double.class::cast)
        .findFirst()
        .orElse(null);
  }

  /**
   * Waits (up to a minute) until Queuey answers a cheap request again: after failures, so that a
   * server still reconnecting to Cassandra fails the phase that caused it, not the next one.
   */
  private static void settle(Http http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() - deadline < 0) {
      try {
        http.listPage(null, 1).get(10, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        Thread.sleep(200);
      }
    }
  }

  private static Load.Sample closed(
      String name, Load.Operation operation, int concurrency, Duration duration)
      throws InterruptedException {
    return Load.closedLoop(name, operation, concurrency, duration, Long.MAX_VALUE);
  }

  Load.Sample measured(String key, String name, Load.Operation operation, int concurrency)
      throws InterruptedException {
    Cpu before = Cpu.now(servers, peer);
    Load.Sample sample = closed(name, operation, concurrency, options.duration());
    cpuByOperation
        .computeIfAbsent(key, absent -> new Cpu(0, 0, 0, 0, 0, name))
        .add(Cpu.now(servers, peer).minus(before), sample.messages());
    return sample;
  }

  private void throughputRow(
      String key,
      String name,
      List<Load.Sample> runs,
      long warmupErrors,
      boolean countsMessages,
      Double rawFigure,
      Double stackLimit) {
    var values = throughputValues(runs, countsMessages);
    double figure =
        countsMessages
            ? median(runs, Load.Sample::messagesPerSecond)
            : median(runs, Load.Sample::requestsPerSecond);
    values.put("rawFigure", rawFigure);
    values.put("ratio", rawFigure == null ? null : figure / rawFigure);
    values.put("stackLimit", stackLimit);
    values.put("stackRatio", stackLimit == null ? null : figure / stackLimit);
    long errors = warmupErrors + runs.stream().mapToLong(Load.Sample::errors).sum();
    report.add("throughput", key, name, values, errors);
  }

  private static LinkedHashMap<String, Object> throughputValues(
      List<Load.Sample> runs, boolean countsMessages) {
    var values = new LinkedHashMap<String, Object>();
    values.put("requestsPerSecond", median(runs, Load.Sample::requestsPerSecond));
    values.put(
        "messagesPerSecond", countsMessages ? median(runs, Load.Sample::messagesPerSecond) : null);
    values.put("p50", median(runs, sample -> sample.millisAt(50)));
    values.put("p99", median(runs, sample -> sample.millisAt(99)));
    values.put("p999", median(runs, sample -> sample.millisAt(99.9)));
    values.put("requests", runs.stream().mapToLong(Load.Sample::requests).sum());
    values.put("messages", runs.stream().mapToLong(Load.Sample::messages).sum());
    return values;
  }

  static double median(
      List<Load.Sample> runs, java.util.function.ToDoubleFunction<Load.Sample> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  // --- 3: latency at half the maximum rate --------------------------------------------------

  private void halfLoad(Http http, String writeQueue, String readQueue, List<MessageId> readIds)
      throws InterruptedException {
    halfLoadRow("halfLoad.post", "POST one message", "http.post", http.postOne(writeQueue));
    halfLoadRow(
        "halfLoad.get_since",
        "GET since, 100 per page",
        "http.get_since",
        http.readSince(readQueue, readIds, PAGE));
  }

  private void halfLoadRow(String key, String name, String maximumKey, Load.Operation operation)
      throws InterruptedException {
    double maximum =
        (Double)
            report.rows().stream()
                .filter(row -> row.key().equals(maximumKey))
                .findFirst()
                .orElseThrow()
                .values()
                .get("requestsPerSecond");
    double target = Math.max(1, maximum / 2);
    progress("Open loop at %.0f req/s: %s", target, name);
    var runs = new ArrayList<Load.Sample>();
    for (int i = 0; i < options.repetitions(); i++) {
      runs.add(
          Load.openLoop(
              name, operation, target, options.duration(), Math.max(1024, options.clients() * 4)));
    }
    var values = new LinkedHashMap<String, Object>();
    values.put("targetPerSecond", target);
    values.put("requestsPerSecond", median(runs, Load.Sample::requestsPerSecond));
    values.put("p50", median(runs, sample -> sample.millisAt(50)));
    values.put("p99", median(runs, sample -> sample.millisAt(99)));
    values.put("p999", median(runs, sample -> sample.millisAt(99.9)));
    values.put("requests", runs.stream().mapToLong(Load.Sample::requests).sum());
    report.add("halfLoad", key, name, values, runs.stream().mapToLong(Load.Sample::errors).sum());
  }

  // --- 4: a million queues, a million messages ------------------------------------------------

  private void queueScale(Raw raw, Http http, String run) throws Exception {
    int total = options.queues();
    int clients = options.createClients();
    List<String> names =
        IntStream.range(0, total)
            .mapToObj(i -> String.format(Locale.ROOT, "s%s-%07d", run, i))
            .toList();
    int small = Math.min(total, Math.max(2 * PAGE, total / 100));
    progress("Creating %,d queues over HTTP", small);
    // A name whose creation failed is left out of the listing positions: it is not listed.
    Set<String> failed = ConcurrentHashMap.newKeySet();
    Load.Sample first =
        Load.closedLoop(
            "create queues", creating(http, names, 0, failed), clients, Duration.ofDays(1), small);
    long httpIssued = first.requests();
    double httpSeconds = first.seconds();
    long httpErrors = first.errors();
    Histogram httpLatency = first.latency().copy();
    settle(http);
    if (small < total) {
      listing(http, created(names.subList(0, (int) first.requests()), failed), "scale.list_small");
    }

    Load.Sample bulk = null;
    String bulkReason = null;
    if (httpIssued < total) {
      double rate = (httpIssued - httpErrors) / httpSeconds;
      double projected = (total - httpIssued) / rate;
      boolean canBulk = servers.keyspace.equals(java.util.Optional.of(options.keyspace()));
      boolean sampleOnly = canBulk && projected > options.queueHttpBudget().toSeconds();
      progress(
          "Creating %s %,d more queues over HTTP (%.0f/s so far; all of them would take %.0f s)",
          sampleOnly ? "for 60 s of the" : "the", total - httpIssued, rate, projected);
      int from = (int) httpIssued;
      Load.Sample more =
          Load.closedLoop(
              "create queues",
              creating(http, names, from, failed),
              clients,
              sampleOnly ? Duration.ofSeconds(60) : Duration.ofDays(1),
              total - from);
      httpIssued += more.requests();
      httpSeconds += more.seconds();
      httpErrors += more.errors();
      httpLatency.add(more.latency());
      if (httpIssued < total && canBulk) {
        double httpRate = (httpIssued - httpErrors) / httpSeconds;
        bulkReason =
            sampleOnly
                ? String.format(
                    Locale.ROOT,
                    "over HTTP at %.0f/s all %,d would have taken %.0f min",
                    httpRate,
                    total,
                    total / httpRate / 60)
                : "queue creation over HTTP stopped after too many failures";
        progress("Bulk-loading the other %,d queue rows with the driver", total - httpIssued);
        int bulkFrom = (int) httpIssued;
        List<List<String>> chunks =
            Raw.chunks(names.subList(bulkFrom, total), options.queueBuckets(), PAGE);
        bulk =
            Load.closedLoop(
                "bulk queues",
                raw.createQueuesPlain(http.app(), chunks, options.queueBuckets()),
                options.clients(),
                Duration.ofDays(1),
                chunks.size());
      }
    }
    long httpCreated = httpIssued - httpErrors;
    var values = new LinkedHashMap<String, Object>();
    values.put("count", httpCreated);
    values.put("ratePerSecond", httpCreated / httpSeconds);
    values.put("p50", httpLatency.getValueAtPercentile(50) / 1e6);
    values.put("p99", httpLatency.getValueAtPercentile(99) / 1e6);
    values.put("note", String.format(Locale.ROOT, "%d concurrent POSTs (an LWT each)", clients));
    values.put("requests", httpIssued);
    report.add("scale", "scale.create_queues_http", "create queues over HTTP", values, httpErrors);
    if (bulk != null) {
      var bulkValues = new LinkedHashMap<String, Object>();
      bulkValues.put("count", bulk.messages());
      bulkValues.put("ratePerSecond", bulk.messagesPerSecond());
      bulkValues.put("p50", bulk.millisAt(50));
      bulkValues.put("p99", bulk.millisAt(99));
      bulkValues.put("requests", bulk.requests());
      bulkValues.put(
          "note",
          "rows/s; the same rows (same table, QueueBuckets) as plain INSERTs in unlogged batches"
              + " of 100 per bucket, not over HTTP: "
              + bulkReason);
      report.add(
          "scale",
          "scale.create_queues_bulk",
          "bulk-load queue rows (raw driver)",
          bulkValues,
          bulk.errors());
      report.note(
          String.format(
              Locale.ROOT,
              "Of the %,d queues, %,d were created over HTTP and %,d bulk-loaded with the"
                  + " driver (%s).",
              total,
              httpCreated,
              bulk.messages(),
              bulkReason));
    }
    settle(http);
    int issued = bulk == null ? (int) httpIssued : total;
    listing(http, created(names.subList(0, issued), failed), "scale.list");
  }

  private static Load.Operation creating(
      Http http, List<String> names, int from, Set<String> failed) {
    return sequence -> {
      String name = names.get(from + (int) sequence);
      return http.createQueue(name)
          .thenApply(answer -> 1)
          .whenComplete(
              (created, failure) -> {
                if (failure != null) {
                  failed.add(name);
                }
              });
    };
  }

  private static List<String> created(List<String> names, Set<String> failed) {
    return failed.isEmpty()
        ? names
        : names.stream().filter(name -> !failed.contains(name)).toList();
  }

  /**
   * Times listing pages at the start, middle and end of the offset range, with {@code names} as the
   * queues of the application (others it has may fall in between: it changes no page's cost).
   */
  private void listing(Http http, List<String> names, String key) throws Exception {
    var ordered = new ArrayList<>(names);
    // The listing order: bucket by bucket, by name within a bucket (CassandraQueueStore.list).
    ordered.sort(
        Comparator.comparingInt(
                (String name) -> QueueBuckets.of(new QueueName(name), options.queueBuckets()))
            .thenComparing(Comparator.naturalOrder()));
    int n = ordered.size();
    if (n < 2 * PAGE) {
      report.note("Listing at " + key + " was not timed: fewer than 200 queues were created.");
      for (String position : List.of("start", "middle", "end")) {
        report.add("scale", key + "." + position, "list page at the " + position, Map.of(), 1);
      }
      return;
    }
    progress("Timing listing pages at %,d queues", n);
    var positions = new LinkedHashMap<String, String>();
    positions.put("start", null);
    positions.put("middle", ordered.get(n / 2));
    positions.put("end", ordered.get(n - PAGE));
    for (var position : positions.entrySet()) {
      String offset = position.getValue();
      Timed timed = timed(() -> http.listPage(offset, PAGE).get(60, TimeUnit.SECONDS));
      var values = new LinkedHashMap<String, Object>();
      values.put("count", (long) n);
      values.put("p50", timed.millisAt(50));
      values.put("p99", timed.millisAt(99));
      values.put("requests", timed.requests());
      values.put(
          "note",
          offset == null
              ? "first page, no offset"
              : String.format(
                  Locale.ROOT, "offset = queue #%,d in listing order", ordered.indexOf(offset)));
      report.add(
          "scale",
          key + "." + position.getKey(),
          String.format(
              Locale.ROOT, "list page of 100 at the %s, %,d queues", position.getKey(), n),
          values,
          timed.errors);
    }
  }

  private void messageScale(Http http, String queue) throws Exception {
    int total = options.messages();
    Instant end = Instant.now().minus(Duration.ofMinutes(10));
    Duration span = Duration.ofHours(6);
    long firstTicks = Timestamp.ofInstant(end.minus(span)).ticks();
    long step = Math.max(1, span.toNanos() / 100 / total);
    // IETF variant, random clock sequence and node, as a server's generator would have.
    long clockSeqAndNode =
        (new SecureRandom().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
    java.util.function.IntFunction<MessageId> idAt =
        i -> MessageId.at(Timestamp.ofTicks(firstTicks + i * step), clockSeqAndNode);
    long buckets =
        (TimeBuckets.bucketOf(idAt.apply(total - 1).timestamp(), Raw.BUCKET_SECONDS)
                    - TimeBuckets.bucketOf(idAt.apply(0).timestamp(), Raw.BUCKET_SECONDS))
                / Raw.BUCKET_SECONDS
            + 1;
    int requests = (total + PAGE - 1) / PAGE;
    progress(
        "Loading %,d messages over %d h (%d time buckets) with PUTs of %d ids",
        total, span.toHours(), buckets, PAGE);
    Load.Sample load =
        Load.closedLoop(
            "load messages",
            http.putIds(
                queue,
                request ->
                    IntStream.range(request * PAGE, Math.min(total, request * PAGE + PAGE))
                        .mapToObj(idAt)
                        .toList()),
            options.clients(),
            Duration.ofDays(1),
            requests);
    var values = new LinkedHashMap<String, Object>();
    values.put("count", load.messages());
    values.put("ratePerSecond", load.messagesPerSecond());
    values.put("p50", load.millisAt(50));
    values.put("p99", load.millisAt(99));
    values.put("requests", load.requests());
    values.put(
        "note",
        String.format(
            Locale.ROOT,
            "messages/s; PUT of %d ids per request, timestamps over %d h = %d time buckets",
            PAGE,
            span.toHours(),
            buckets));
    report.add(
        "scale",
        "scale.load_messages",
        "load messages into one queue (HTTP PUT)",
        values,
        load.errors());

    progress("Timing since reads at %,d messages", total);
    var positions = new LinkedHashMap<String, Integer>();
    positions.put("start", 0);
    positions.put("middle", total / 2);
    positions.put("end", total - PAGE);
    for (var position : positions.entrySet()) {
      MessageId since = idAt.apply(position.getValue());
      Timed timed = timed(() -> http.readSince(queue, since, PAGE).get(60, TimeUnit.SECONDS));
      var read = new LinkedHashMap<String, Object>();
      read.put("count", (long) total);
      read.put("p50", timed.millisAt(50));
      read.put("p99", timed.millisAt(99));
      read.put("requests", timed.requests());
      read.put(
          "note",
          String.format(
              Locale.ROOT, "since = message #%,d (a page of 100 from there)", position.getValue()));
      report.add(
          "scale",
          "scale.since." + position.getKey(),
          String.format(Locale.ROOT, "GET since at the %s, %,d messages", position.getKey(), total),
          read,
          timed.errors);
    }
  }

  /** Latencies of one request at a time: the cost of a request on an otherwise idle server. */
  private record Timed(Histogram latency, long errors, long requests) {
    double millisAt(double percentile) {
      return latency.getTotalCount() == 0
          ? Double.NaN
          : latency.getValueAtPercentile(percentile) / 1e6;
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private Timed timed(Call call) {
    var latency = new Histogram(3);
    long errors = 0;
    for (int i = 0; i < 3 + options.listingSamples(); i++) {
      long start = System.nanoTime();
      try {
        call.run();
        if (i >= 3) {
          latency.recordValue(System.nanoTime() - start);
        }
      } catch (Exception failure) {
        errors++;
        Load.noteFailure("timed request", failure);
      }
    }
    return new Timed(latency, errors, 3L + options.listingSamples());
  }

  // --- 5: resources ---------------------------------------------------------------------------

  private void resources() {
    long self = ProcessHandle.current().pid();
    addMemory("memory.payara", "Payara Micro (Queuey)", servers.payaraPid.orElse(-1L));
    addMemory("memory.cassandra", "Cassandra", servers.cassandraPid.orElse(-1L));
    addMemory("memory.client", "benchmark client (this JVM)", self);
    if (peer != null) {
      addMemory("memory.elasticmq", "ElasticMQ (peer)", peer.pid());
    }
    Cpu queuey = new Cpu(0, 0, 0, 0, 0, "all Queuey message operations");
    for (var entry : cpuByOperation.entrySet()) {
      Cpu cpu = entry.getValue();
      String key = entry.getKey();
      report.add("cpu", "cpu." + key, cpu.name, cpu.perThousand(), 0);
      if (key.startsWith("http.") && !key.equals("http.create_queue")) {
        queuey.add(cpu, cpu.messages);
      }
    }
    report.add("cpu", "cpu.http.all_messages", queuey.name, queuey.perThousand(), 0);
    if (servers.payaraPid.isEmpty() || servers.cassandraPid.isEmpty()) {
      report.note(
          "Some server processes were not found by their ports: their resources are blank.");
    }
  }

  private void addMemory(String key, String name, long pid) {
    var values = new LinkedHashMap<String, Object>();
    values.put("pid", pid < 0 ? null : pid);
    values.put("peakRssMib", pid < 0 ? Double.NaN : Processes.peakRssMib(pid));
    report.add("memory", key, name, values, 0);
  }

  /**
   * CPU seconds of Payara Micro, Cassandra, ElasticMQ and this JVM, and the messages they were
   * spent on.
   */
  private static final class Cpu {
    double payara;
    double cassandra;
    double elasticmq;
    double client;
    long messages;
    final String name;

    Cpu(
        double payara,
        double cassandra,
        double elasticmq,
        double client,
        long messages,
        String name) {
      this.payara = payara;
      this.cassandra = cassandra;
      this.elasticmq = elasticmq;
      this.client = client;
      this.messages = messages;
      this.name = name;
    }

    static Cpu now(Servers servers, ElasticMq peer) {
      return new Cpu(
          servers.payaraPid.map(Processes::cpuSeconds).orElse(Double.NaN),
          servers.cassandraPid.map(Processes::cpuSeconds).orElse(Double.NaN),
          peer == null ? 0 : Processes.cpuSeconds(peer.pid()),
          Processes.cpuSeconds(ProcessHandle.current().pid()),
          0,
          "");
    }

    Cpu minus(Cpu before) {
      return new Cpu(
          payara - before.payara,
          cassandra - before.cassandra,
          elasticmq - before.elasticmq,
          client - before.client,
          0,
          "");
    }

    void add(Cpu spent, long moved) {
      payara += spent.payara;
      cassandra += spent.cassandra;
      elasticmq += spent.elasticmq;
      client += spent.client;
      messages += moved;
    }

    Map<String, Object> perThousand() {
      var values = new LinkedHashMap<String, Object>();
      double thousands = messages / 1000.0;
      values.put("messages", messages);
      values.put("payara", payara / thousands);
      values.put("cassandra", cassandra / thousands);
      values.put("elasticmq", elasticmq / thousands);
      values.put("client", client / thousands);
      values.put("payaraSeconds", payara);
      values.put("cassandraSeconds", cassandra);
      values.put("elasticmqSeconds", elasticmq);
      values.put("clientSeconds", client);
      return values;
    }
  }
}
