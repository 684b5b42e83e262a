package io.queuey.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The benchmark's command line. Every option has a default; {@code --quick} changes several. */
record Options(
    boolean quick,
    int clients,
    int createClients,
    Duration duration,
    Duration warmup,
    Duration serverWarmup,
    Duration warmupCurve,
    int repetitions,
    int queues,
    int messages,
    int bodyBytes,
    int seedMessages,
    Path json,
    Optional<URI> url,
    Optional<String> app,
    Optional<String> key,
    int cassandraPort,
    int cassandraStoragePort,
    String cassandraHeap,
    Optional<String> payaraHeap,
    String keyspace,
    int queueBuckets,
    Duration queueHttpBudget,
    int listingSamples,
    boolean jfr,
    boolean peer,
    int elasticmqPort,
    int groupMessages,
    int groupConsumers,
    Set<String> phases,
    Path basedir) {

  static final String USAGE =
      """
      Usage: Benchmark [options]
        --quick                    a smoke run in under a minute (small counts, 1 s per measurement)
        --clients N                concurrent requests in flight (default 64)
        --group-consumers N        concurrent consumers of the consumer-group rows (default: --clients;
                                   quick 8, which the test build's small Cassandra keeps up with)
        --create-clients N         concurrent queue creations (default 16; quick 2): each is a lightweight
                                   transaction on one of the application's bucket partitions, and more
                                   at once time out in Cassandra's Paxos contention
        --duration-seconds S       length of one measured repetition (default 8; quick 1)
        --warmup-seconds S         warm-up before each operation's repetitions (default 4; quick 0)
        --warmup-curve-seconds S   right after start-up, POST one message for S seconds in 10 s windows
                                   (quick: 2 s windows), to show how fast Queuey warms up (default 180;
                                   quick 4; 0: none)
        --server-warmup-seconds S  every operation in turn before any measurement, so that Payara's and
                                   Cassandra's JIT compilers are done (default 60, then on until the
                                   compilers settle, 3 min at most; quick 0)
        --repetitions N            measured repetitions per operation, median reported (default 3; quick 1)
        --queues N                 queues of the listing scale test (default 1000000; quick 400)
        --messages N               messages of the since-read scale test (default 1000000; quick 5000)
        --seed-messages N          messages in the queue the throughput reads use (default 10000; quick 1000)
        --group-messages N         backlog of the consumer-group rows, consumed by each row's fresh group
                                   (default 200000; quick 3000)
        --body-bytes N             message body size (default 140)
        --json FILE                where the JSON report goes (default target/benchmark.json)
        --url URL                  use a Queuey already running there (localhost only) instead of starting one
        --app NAME, --key KEY      the application to use (default: from src/test/resources/bench.properties)
        --cassandra-port P         CQL port for the raw driver figures (default 29042, a Cassandra of
                                   the benchmark's own; with --url: 9042)
        --cassandra-storage-port P storage port of the benchmark's own Cassandra (default 27000)
        --cassandra-heap SIZE      heap of the benchmark's own Cassandra (default 2g)
        --payara-heap SIZE         heap of the benchmark's own Payara Micro (default: the -Xmx of
                                   server-config/payara-micro.jvm.options)
        --elasticmq-port P         port of the peer, ElasticMQ (default 29324)
        --no-peer, --peer          leave the peer (ElasticMQ 1.6.11, resolved from Maven Central) out, or
                                   run it also with --url (default: run it when the benchmark starts its
                                   own servers)
        --keyspace NAME            keyspace of the raw driver figures (default queuey_bench)
        --queue-buckets N          queuey.queues.buckets of the server (default 32)
        --queue-http-budget-seconds S
                                   longest the 1M queues may take over HTTP at the measured rate before the
                                   rest is bulk-loaded with the driver (own server only; default 900)
        --listing-samples N        timed requests per listing/since position (default 50; quick 10)
        --jfr                      run the Payara Micro it starts with a JFR recording: written to
                                   target/bench-payara.jfr, hot spots of the measured phases printed
        --phases LIST              which parts to run, comma-separated: throughput (includes the floor, the
                                   peer and the 50% load latencies), groups, scale
                                   (default: throughput,groups,scale)

      Exit status: 1 when a server process (Cassandra, Payara Micro, ElasticMQ) died during the run or a
      row has more than 1 error per 1,000 of its requests (the report's Verdict says which); else 0.
      """;

  private static final Set<String> FLAGS = Set.of("quick", "jfr", "help", "no-peer", "peer");

  static Options parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.isBlank()) {
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (FLAGS.contains(name)) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value\n" + USAGE);
      }
      given.put(name.toLowerCase(Locale.ROOT), value);
    }
    if (given.containsKey("help")) {
      throw new IllegalArgumentException(USAGE);
    }
    var reader = new Reader(given);
    boolean quick = reader.flag("quick");
    Optional<URI> url = reader.optional("url").map(Options::localUri);
    int clients = reader.integer("clients", 64);
    var options =
        new Options(
            quick,
            clients,
            reader.integer("create-clients", Math.min(quick ? 2 : 16, clients)),
            reader.seconds("duration-seconds", quick ? 1 : 8),
            reader.seconds("warmup-seconds", quick ? 0 : 4),
            reader.seconds("server-warmup-seconds", quick ? 0 : 60),
            reader.seconds("warmup-curve-seconds", quick ? 4 : 180),
            reader.integer("repetitions", quick ? 1 : 3),
            reader.integer("queues", quick ? 400 : 1_000_000),
            reader.integer("messages", quick ? 5_000 : 1_000_000),
            reader.integer("body-bytes", 140),
            reader.integer("seed-messages", quick ? 1_000 : 10_000),
            Path.of(reader.string("json", "target/benchmark.json")),
            url,
            reader.optional("app"),
            reader.optional("key"),
            reader.integer("cassandra-port", url.isPresent() ? 9042 : 29042),
            reader.integer("cassandra-storage-port", 27000),
            reader.string("cassandra-heap", "2g"),
            reader.optional("payara-heap"),
            reader.string("keyspace", "queuey_bench"),
            reader.integer("queue-buckets", 32),
            reader.seconds("queue-http-budget-seconds", 900),
            reader.integer("listing-samples", quick ? 10 : 50),
            reader.flag("jfr"),
            reader.flag("no-peer") ? false : (reader.flag("peer") || url.isEmpty()),
            reader.integer("elasticmq-port", 29324),
            reader.integer("group-messages", quick ? 3_000 : 200_000),
            reader.integer("group-consumers", quick ? 8 : clients),
            Set.of(reader.string("phases", "throughput,groups,scale").split(",")),
            Path.of(System.getProperty("queuey.basedir", ".")).toAbsolutePath().normalize());
    reader.rejectUnknown();
    options.check();
    return options;
  }

  private void check() {
    require(
        clients >= 1 && createClients >= 1 && groupConsumers >= 1,
        "--clients, --create-clients and --group-consumers must be at least 1");
    require(repetitions >= 1, "--repetitions must be at least 1");
    require(queues >= 200, "--queues must be at least 200 (two listing pages)");
    require(messages >= 200, "--messages must be at least 200 (two pages)");
    require(seedMessages >= 200, "--seed-messages must be at least 200");
    require(bodyBytes >= 1, "--body-bytes must be at least 1");
    require(listingSamples >= 1, "--listing-samples must be at least 1");
    require(!duration.isZero(), "--duration-seconds must be positive");
    require(url.isEmpty() || (app.isPresent() && key.isPresent()), "--url needs --app and --key");
    require(
        Set.of("throughput", "groups", "scale").containsAll(phases),
        "--phases takes throughput, groups and scale: " + phases);
    require(groupMessages >= 100, "--group-messages must be at least 100");
  }

  /** True when this run starts (and so owns) its Cassandra and Payara Micro. */
  boolean ownServers() {
    return url.isEmpty();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The benchmark loads the machine hard: it refuses to aim at anything but this machine. */
  private static URI localUri(String text) {
    URI uri = URI.create(text.endsWith("/") ? text : text + "/");
    String host = uri.getHost();
    if (host == null
        || !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("--url must point at localhost or 127.0.0.1: " + text);
    }
    return uri;
  }

  private static final class Reader {
    private final Map<String, String> given;

    Reader(Map<String, String> given) {
      this.given = new HashMap<>(given);
    }

    boolean flag(String name) {
      String value = given.remove(name);
      return value != null && !value.equalsIgnoreCase("false");
    }

    Optional<String> optional(String name) {
      return Optional.ofNullable(given.remove(name));
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback) {
      return optional(name).map(text -> Integer.parseInt(text.replace("_", ""))).orElse(fallback);
    }

    Duration seconds(String name, double fallback) {
      double seconds = optional(name).map(Double::parseDouble).orElse(fallback);
      return Duration.ofNanos((long) (seconds * 1e9));
    }

    void rejectUnknown() {
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
      }
    }
  }
}
