package io.queuey.bench;

import io.queuey.bench.floor.FloorApplication;
import io.queuey.bench.floor.FloorResource;
import io.queuey.tools.LocalCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The Cassandra and Payara Micro under test: either started here as child processes (a throwaway
 * Cassandra with ports and a directory of its own, so that the benchmark never touches a dev or
 * test node) and stopped at the end, or found already running ({@code --url}).
 */
final class Servers implements AutoCloseable {

  /** Payara Micro took 200 s to start on this machine when others loaded it (load average 30). */
  private static final Duration PAYARA_STARTUP_TIMEOUT = Duration.ofMinutes(6);

  final URI baseUri;
  final String app;
  final String key;
  final Optional<Long> payaraPid;
  final Optional<Long> cassandraPid;

  /** The keyspace Queuey uses, when known: only then may the driver load data for it. */
  final Optional<String> keyspace;

  /** The floor WAR's base ({@link io.queuey.bench.floor.FloorResource}), in our own Payara only. */
  final Optional<URI> floorUri;

  /** Where the processes log, for the verdict: a process that died may say why there. */
  private final Optional<Path> payaraLog;

  private final Optional<Path> cassandraLog;

  /** The Payara Micro started here, if any: only that one may be profiled or stopped. */
  private final Process payara;

  private final Process cassandra;
  private final AtomicBoolean stopped = new AtomicBoolean();

  /** When Queuey first answered ready (for a Queuey already running: when the run found it). */
  private volatile Instant readyAt = Instant.now();

  private Servers(
      URI baseUri,
      String app,
      String key,
      Optional<Long> payaraPid,
      Optional<Long> cassandraPid,
      Optional<String> keyspace,
      Optional<URI> floorUri,
      Optional<Path> payaraLog,
      Optional<Path> cassandraLog,
      Process payara,
      Process cassandra) {
    this.baseUri = baseUri;
    this.app = app;
    this.key = key;
    this.payaraPid = payaraPid;
    this.cassandraPid = cassandraPid;
    this.keyspace = keyspace;
    this.floorUri = floorUri;
    this.payaraLog = payaraLog;
    this.cassandraLog = cassandraLog;
    this.payara = payara;
    this.cassandra = cassandra;
  }

  Instant readyAt() {
    return readyAt;
  }

  boolean own() {
    return payara != null;
  }

  /** A Queuey that runs already: its processes are found by their listening ports, if at all. */
  static Servers existing(Options options) {
    URI uri = options.url().orElseThrow();
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    return new Servers(
        uri,
        options.app().orElseThrow(),
        options.key().orElseThrow(),
        Processes.listeningOn(port),
        Processes.listeningOn(options.cassandraPort()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        null,
        null);
  }

  /** Starts a fresh Cassandra, then Queuey on Payara Micro against it; both stop on close. */
  static Servers start(Options options) throws IOException, InterruptedException {
    Path base = options.basedir();
    Path war = base.resolve("target/queuey.war");
    Path payaraJar = base.resolve("target/payara-micro.jar");
    Path classpath = base.resolve("target/cassandra.classpath");
    for (Path needed : List.of(war, payaraJar, classpath)) {
      if (!Files.exists(needed)) {
        throw new IllegalStateException(
            needed + " is missing: build with `mvn -Pbench package` (or `mvn package`) first");
      }
    }
    Path properties = base.resolve("src/test/resources/bench.properties");
    var bench = new Properties();
    try (var in = Files.newBufferedReader(properties)) {
      bench.load(in);
    }
    String app = options.app().orElse(bench.getProperty("queuey.applications").split(",")[0]);
    String key =
        options
            .key()
            .orElse(bench.getProperty("queuey.application." + app + ".keys").split(",")[0]);

    Path cassandraDir = base.resolve("target/bench-cassandra");
    var local =
        new LocalCassandra(
            new LocalCassandra.Settings(
                cassandraDir,
                "queuey-bench",
                options.cassandraPort(),
                options.cassandraStoragePort(),
                options.cassandraHeap(),
                classpath,
                base.resolve("server-config/cassandra/cassandra.yaml")));
    // A node left behind by an interrupted run of this benchmark, found by its pid file.
    local.stopRecorded();
    if (LocalCassandra.isReachable("127.0.0.1", options.cassandraPort())) {
      throw new IllegalStateException(
          "something else listens on 127.0.0.1:"
              + options.cassandraPort()
              + "; choose another --cassandra-port");
    }
    wipe(cassandraDir);
    Process cassandra = local.start();
    Path floorWar = buildFloorWar(base.resolve("target/bench-floor.war"));

    int port = freePort();
    Path log = base.resolve("target/bench-payara.log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The JVM options Queuey ships for Payara Micro; a --payara-heap of the run's comes after them.
    command.addAll(jvmOptions(base.resolve(JVM_OPTIONS)));
    options.payaraHeap().ifPresent(heap -> command.add("-Xmx" + heap));
    if (options.jfr()) {
      // From the start: switching JFR's profile settings on later instruments JDK classes and
      // throws away compiled code, so the measurements after it would pay for a second warm-up.
      command.add("-XX:StartFlightRecording=name=bench,settings=profile");
    }
    command.add("-Dqueuey.cassandra.contact-points=127.0.0.1:" + options.cassandraPort());
    command.add("-jar");
    command.add(payaraJar.toString());
    command.add("--deploy");
    command.add(war.toString());
    command.add("--contextroot");
    command.add("/");
    // A second WAR in the same server: what the HTTP stack alone costs (the floor rows).
    command.add("--deploy");
    command.add(floorWar + ":/floor");
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--nohazelcast");
    // The listener settings Queuey ships (server-config), as the dev server and the tests use them.
    command.add("--prebootcommandfile");
    command.add(base.resolve("server-config/pre-boot-commands.txt").toString());
    command.add("--postdeploycommandfile");
    command.add(base.resolve("server-config/post-deploy-commands.txt").toString());
    command.add("--systemProperties");
    command.add(properties.toString());
    command.add("--logProperties");
    command.add(base.resolve("server-config/logging.properties").toString());
    Process payara =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var servers =
        new Servers(
            URI.create("http://127.0.0.1:" + port + "/"),
            app,
            key,
            Optional.of(payara.pid()),
            Optional.of(cassandra.pid()),
            Optional.ofNullable(bench.getProperty("queuey.cassandra.keyspace")),
            Optional.of(URI.create("http://127.0.0.1:" + port + "/floor/")),
            Optional.of(log),
            Optional.of(cassandraDir.resolve("cassandra.log")),
            payara,
            cassandra);
    Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "bench-servers-stop"));
    System.out.printf("Starting Payara Micro on port %d (log in %s)%n", port, log);
    servers.awaitReady(log);
    servers.readyAt = Instant.now();
    return servers;
  }

  /** Queuey's JVM options for Payara Micro, one per line, as the dev server uses them. */
  static final String JVM_OPTIONS = "server-config/payara-micro.jvm.options";

  static List<String> jvmOptions(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /**
   * The floor: a WAR of the two classes of {@code io.queuey.bench.floor}, built with ShrinkWrap.
   */
  private static Path buildFloorWar(Path war) {
    ShrinkWrap.create(WebArchive.class, "floor.war")
        .addClasses(FloorApplication.class, FloorResource.class)
        .as(ZipExporter.class)
        .exportTo(war.toFile(), true);
    return war;
  }

  /** The server processes the run measures, for the verdict: each must live to its end. */
  List<Verdict.Watched> watched() {
    var watched = new ArrayList<Verdict.Watched>();
    payaraPid.ifPresent(
        pid -> watched.add(new Verdict.Watched("Payara Micro (Queuey)", pid, payaraLog)));
    cassandraPid.ifPresent(pid -> watched.add(new Verdict.Watched("Cassandra", pid, cassandraLog)));
    return watched;
  }

  private void awaitReady(Path log) throws InterruptedException {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    var ready = HttpRequest.newBuilder(baseUri.resolve("health/ready")).build();
    Instant deadline = Instant.now().plus(PAYARA_STARTUP_TIMEOUT);
    while (true) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
            && floorAnswers(client)) {
          System.out.printf("Queuey is ready at %s (pid %d)%n", baseUri, payara.pid());
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!payara.isAlive() || Instant.now().isAfter(deadline)) {
        close();
        throw new IllegalStateException(
            "Payara Micro did not become ready (Queuey's /health/ready and the floor's"
                + " /floor/bytes/100 must answer 200); see "
                + log);
      }
      Thread.sleep(250);
    }
  }

  private boolean floorAnswers(HttpClient client) throws IOException, InterruptedException {
    var floor = HttpRequest.newBuilder(floorUri.orElseThrow().resolve("bytes/100")).build();
    return client.send(floor, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /**
   * Writes the JFR recording (running since Payara Micro started, with {@code --jfr}) to {@code
   * file}; a no-op for a server found running.
   */
  void dumpProfile(Path file) {
    if (payara != null) {
      jcmd("JFR.dump", "name=bench", "filename=" + file.toAbsolutePath());
      System.out.println("JFR profile of Payara Micro written to " + file);
    }
  }

  private void jcmd(String... arguments) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    command.add(Long.toString(payara.pid()));
    command.addAll(List.of(arguments));
    try {
      Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        System.out.println("jcmd " + String.join(" ", arguments) + " failed: " + output);
      }
    } catch (IOException | InterruptedException failure) {
      System.out.println("jcmd " + String.join(" ", arguments) + " failed: " + failure);
    }
  }

  /** Stops what was started here, Queuey first; idempotent (also the shutdown hook calls it). */
  @Override
  public void close() {
    if (payara == null || !stopped.compareAndSet(false, true)) {
      return;
    }
    System.out.println("Stopping the benchmark's Payara Micro and Cassandra...");
    LocalCassandra.stop(payara.toHandle());
    LocalCassandra.stop(cassandra.toHandle());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void wipe(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
