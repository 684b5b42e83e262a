package io.queuey.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A single Cassandra node run from Maven Central's {@code cassandra-all} in a child JVM, so that
 * neither developers nor CI need an installed Cassandra.
 *
 * <p>From the build: {@code start} (wipes the folder, starts, waits for CQL, returns) and {@code
 * stop} (by the pid file), around the integration tests. {@link DevServer} uses it in-process.
 */
public final class LocalCassandra {

  /** Cassandra's own {@code conf/jvm17-server.options}: it reflects into the JDK on Java 17. */
  private static final List<String> JAVA17_FLAGS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  private final Settings settings;
  private volatile Process process;

  /** Where and how the node runs. */
  public record Settings(
      Path directory,
      String clusterName,
      int nativePort,
      int storagePort,
      String heap,
      Path classpathFile,
      Path yamlTemplate,
      String address,
      String seeds,
      String extraYaml) {

    /** A lone node on 127.0.0.1. */
    public Settings(
        Path directory,
        String clusterName,
        int nativePort,
        int storagePort,
        String heap,
        Path classpathFile,
        Path yamlTemplate) {
      this(
          directory,
          clusterName,
          nativePort,
          storagePort,
          heap,
          classpathFile,
          yamlTemplate,
          "127.0.0.1",
          "127.0.0.1:" + storagePort,
          "");
    }

    static Settings fromSystemProperties() {
      return new Settings(
          Path.of(required("cassandra.dir")).toAbsolutePath(),
          System.getProperty("cassandra.cluster", "queuey-local"),
          Integer.parseInt(required("cassandra.native.port")),
          Integer.parseInt(required("cassandra.storage.port")),
          System.getProperty("cassandra.heap", "1g"),
          Path.of(required("cassandra.classpath.file")),
          Path.of(required("cassandra.yaml.template")));
    }

    private static String required(String name) {
      String value = System.getProperty(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("system property " + name + " is required");
      }
      return value;
    }
  }

  public LocalCassandra(Settings settings) {
    this.settings = settings;
  }

  /** {@code start} or {@code stop}; settings come from system properties (see {@link Settings}). */
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "start" : args[0];
    var cassandra = new LocalCassandra(Settings.fromSystemProperties());
    switch (command) {
      case "start" -> {
        cassandra.stopRecorded();
        cassandra.wipe();
        cassandra.start();
      }
      case "stop" -> cassandra.stopRecorded();
      default -> throw new IllegalArgumentException("unknown command " + command);
    }
  }

  public static boolean isReachable(String host, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException notListening) {
      return false;
    }
  }

  public boolean isReachable() {
    return isReachable(settings.address(), settings.nativePort());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The nodes of a local cluster: node i (from 1) listens on 127.0.0.i, all on the same ports, data
   * in {@code directory/node-i}; node 1 is the seed. They join without bootstrapping (streaming),
   * as a fresh test cluster has no data to stream.
   */
  public static List<LocalCassandra> cluster(
      int nodes,
      Path directory,
      String clusterName,
      int nativePort,
      int storagePort,
      String heap,
      Path classpathFile,
      Path yamlTemplate) {
    var cluster = new ArrayList<LocalCassandra>();
    for (int i = 1; i <= nodes; i++) {
      cluster.add(
          new LocalCassandra(
              new Settings(
                  directory.resolve("node-" + i),
                  clusterName,
                  nativePort,
                  storagePort,
                  heap,
                  classpathFile,
                  yamlTemplate,
                  "127.0.0." + i,
                  "127.0.0.1:" + storagePort,
                  "auto_bootstrap: false\n")));
    }
    return cluster;
  }

  /** Starts the node and returns once it accepts CQL connections. */
  public Process start() throws IOException, InterruptedException {
    Files.createDirectories(settings.directory());
    Path yaml = writeYaml();
    Path log = settings.directory().resolve("cassandra.log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + settings.heap());
    command.add("-Xmx" + settings.heap());
    command.add("-XX:+UseG1GC");
    // Cassandra's own jvm17-server.options: short pauses rather than throughput, small stacks
    // (it runs hundreds of threads).
    command.add("-XX:MaxGCPauseMillis=300");
    command.add("-XX:G1RSetUpdatingPauseTimePercent=5");
    command.add("-XX:+ParallelRefProcEnabled");
    command.add("-Xss256k");
    // A node out of heap is in an unknown state: it exits (and says so in its log) rather than
    // linger half-working.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(JAVA17_FLAGS);
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.storagedir=" + settings.directory());
    command.add("-Dcassandra.logdir=" + settings.directory().resolve("logs"));
    // A lone node has nobody to gossip with: skip the waits meant for real clusters.
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    // A node joining others needs the ring delay for its first gossip round (the shadow
    // round); on a busy machine the seed's answer can take seconds.
    boolean joining = !settings.seeds().startsWith(settings.address() + ":");
    command.add("-Dcassandra.ring_delay_ms=" + (joining ? 20_000 : 100));
    command.add("-cp");
    command.add(Files.readString(settings.classpathFile()).trim());
    command.add("org.apache.cassandra.service.CassandraDaemon");

    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Files.writeString(pidFile(), Long.toString(process.pid()));
    this.process = process;
    System.out.printf(
        "Starting Cassandra %s on %s:%d (data in %s, log in %s)%n",
        settings.clusterName(),
        settings.address(),
        settings.nativePort(),
        settings.directory(),
        log);

    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!isReachable()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Cassandra did not start; the end of its log:\n" + tail(log, 40));
      }
      Thread.sleep(250);
    }
    System.out.printf(
        "Cassandra is up on %s:%d (pid %d)%n",
        settings.address(), settings.nativePort(), process.pid());
    return process;
  }

  /** Kills the node started by {@link #start} at once (SIGKILL): no drain, no flush. */
  public void kill() throws InterruptedException {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      running.waitFor();
    }
  }

  /** Whether the node started by {@link #start} still runs. */
  public boolean isRunning() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /** Stops the node started by {@link #start} cleanly (SIGTERM). */
  public void stop() {
    Process running = process;
    if (running != null && running.isAlive()) {
      stop(running.toHandle());
    }
  }

  /** Stops the node recorded in the pid file, if it still runs. */
  public void stopRecorded() throws IOException {
    Optional<ProcessHandle> recorded = Optional.empty();
    if (Files.exists(pidFile())) {
      recorded = ProcessHandle.of(Long.parseLong(Files.readString(pidFile()).trim()));
    }
    recorded.filter(ProcessHandle::isAlive).ifPresent(LocalCassandra::stop);
    Files.deleteIfExists(pidFile());
  }

  /** SIGTERM first, so that Cassandra drains and flushes; forcibly only if it hangs. */
  public static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception hanging) {
      process.destroyForcibly();
    }
  }

  /** Deletes the node's data: for throwaway nodes only. */
  public void wipe() throws IOException {
    if (!Files.exists(settings.directory())) {
      return;
    }
    try (Stream<Path> files = Files.walk(settings.directory())) {
      files.sorted(Comparator.reverseOrder()).forEach(LocalCassandra::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeYaml() throws IOException {
    String yaml = Files.readString(settings.yamlTemplate());
    for (var entry :
        Map.of(
                "@CLUSTER_NAME@", settings.clusterName(),
                "@NATIVE_PORT@", Integer.toString(settings.nativePort()),
                "@STORAGE_PORT@", Integer.toString(settings.storagePort()),
                "@DIR@", settings.directory().toString(),
                "@ADDRESS@", settings.address(),
                "@SEEDS@", settings.seeds(),
                "@IN_FLIGHT@", Memory.ofHeap(settings.heap()).inFlight(),
                "@MEMTABLE_HEAP@", Memory.ofHeap(settings.heap()).memtableHeap(),
                "@MEMTABLE_OFFHEAP@", Memory.ofHeap(settings.heap()).memtableOffHeap())
            .entrySet()) {
      yaml = yaml.replace(entry.getKey(), entry.getValue());
    }
    yaml = yaml + "\n" + settings.extraYaml();
    Path target = settings.directory().resolve("cassandra.yaml");
    Files.writeString(target, yaml, StandardCharsets.UTF_8);
    return target;
  }

  /**
   * The node's memory bounds, derived from its heap (see the yaml template): requests in flight a
   * sixteenth of the heap (per node and per client address), memtables an eighth on heap and a
   * quarter off heap.
   */
  public record Memory(long heapMib) {

    /** From a JVM heap size such as {@code 1g}, {@code 640m} or {@code 2048M}. */
    public static Memory ofHeap(String heap) {
      String text = heap.trim().toLowerCase(java.util.Locale.ROOT);
      char unit = text.charAt(text.length() - 1);
      long number =
          Long.parseLong(Character.isDigit(unit) ? text : text.substring(0, text.length() - 1));
      long mib =
          switch (unit) {
            case 'g' -> number * 1024;
            case 'm' -> number;
            case 'k' -> number / 1024;
            default -> number / (1024 * 1024);
          };
      if (mib < 256) {
        throw new IllegalArgumentException("a Cassandra node needs at least 256m of heap: " + heap);
      }
      return new Memory(mib);
    }

    public String inFlight() {
      return heapMib / 16 + "MiB";
    }

    public String memtableHeap() {
      return heapMib / 8 + "MiB";
    }

    public String memtableOffHeap() {
      return heapMib / 4 + "MiB";
    }
  }

  private Path pidFile() {
    return settings.directory().resolve("cassandra.pid");
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
