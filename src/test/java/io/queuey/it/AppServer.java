package io.queuey.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged WAR on an application server of its own, in a process of its own, on a free port,
 * against a given Cassandra: Payara Micro ({@link PayaraMicro}) or, with {@code
 * -Dqueuey.it.server=liberty}, Open Liberty ({@link OpenLiberty}). The black-box tests see only
 * this.
 */
public abstract class AppServer implements AutoCloseable {

  /** The system property naming the server the tests run the WAR on: payara (default), liberty. */
  public static final String SERVER_PROPERTY = "queuey.it.server";

  // Starts take 20-40 s, and over 4 minutes on a shared machine under heavy load.
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(6);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI baseUri;
  private final Path log;

  protected AppServer(Process process, URI baseUri, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.log = log;
    // Stopped when the test JVM ends, and waited for, so that the build stops Cassandra only after.
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
  }

  /**
   * Starts the server the build names (its {@code name} tells its files apart from another one's)
   * and waits until the process answers HTTP, not until it is ready.
   */
  public static AppServer start(int cassandraPort, String name) throws IOException {
    return start(cassandraPort, name, List.of());
  }

  /**
   * As {@link #start(int, String)}, with further settings of the WAR ({@code name=value}, on top of
   * it.properties), each given in the server's own way: for a test class that needs a server of its
   * own.
   */
  public static AppServer start(int cassandraPort, String name, List<String> settings)
      throws IOException {
    String server = System.getProperty(SERVER_PROPERTY, "payara");
    return switch (server) {
      case "payara" ->
          PayaraMicro.start(
              cassandraPort,
              Path.of("target", "payara-" + name + ".log"),
              settings.stream().map(setting -> "-D" + setting).toList());
      case "liberty" ->
          OpenLiberty.start(
              cassandraPort, name, Path.of("target", "liberty-" + name + ".log"), settings);
      default -> throw new IllegalArgumentException(SERVER_PROPERTY + ": unknown server " + server);
    };
  }

  public URI baseUri() {
    return baseUri;
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** The status of {@code GET path}, or -1 while nothing answers. */
  public int status(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException notAnswering) {
      return -1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Polls {@code /health/ready} until it answers {@code status}; fails after the timeout. */
  public void awaitReadiness(int status, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (status("health/ready") != status) {
      // A server whose liveness is DOWN will not get ready (see CassandraLiveness): no waiting.
      if (!process.isAlive() || Instant.now().isAfter(deadline) || isDead()) {
        throw new IllegalStateException(
            "readiness did not become "
                + status
                + threadDump()
                + "; the end of "
                + log
                + ":\n"
                + tail());
      }
      Thread.sleep(250);
    }
  }

  private boolean isDead() {
    return status("health/live") == 503;
  }

  public void awaitReady() throws IOException, InterruptedException {
    awaitReadiness(200, STARTUP_TIMEOUT);
  }

  /**
   * For a server that is alive but never got ready: its threads (jcmd Thread.print) saved next to
   * its log, so that a hang (say, of the Cassandra connect thread) can be told from a failure.
   */
  private String threadDump() throws InterruptedException {
    if (!process.isAlive()) {
      return "";
    }
    Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(process.pid()),
                  "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(dump.toFile())
              .start();
      return jcmd.waitFor(60, TimeUnit.SECONDS) ? " (its threads: " + dump + ")" : "";
    } catch (IOException noJcmd) {
      return "";
    }
  }

  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** SIGTERM: both servers then stop the WAR gracefully. */
  @Override
  public void close() {
    process.destroy();
  }

  /** Kills the process at once (SIGKILL): requests in flight are lost with it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  private void stop() {
    process.destroy();
    try {
      process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  protected static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The settings every server gives the WAR under test, besides those of it.properties. */
  protected static List<String> commonSettings(int cassandraPort) {
    return commonSettings("127.0.0.1:" + cassandraPort);
  }

  /**
   * As {@link #commonSettings(int)}, against the nodes of {@code contactPoints} (host:port,...).
   */
  protected static List<String> commonSettings(String contactPoints) {
    return List.of(
        "queuey.cassandra.contact-points=" + contactPoints,
        "queuey.cassandra.reconnect-delay-ms=500",
        // Shared CI machines can be slow; and ResilienceIT freezes Cassandra on purpose.
        "queuey.cassandra.request-timeout-ms=15000");
  }
}
