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

/** The packaged WAR on a Payara Micro of its own, on a free port, against a given Cassandra. */
public final class PayaraMicro implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

  private final Process process;
  private final URI baseUri;
  private final Path log;

  private PayaraMicro(Process process, URI baseUri, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.log = log;
  }

  /** Starts it and waits until the process answers HTTP (not until it is ready). */
  public static PayaraMicro start(int cassandraPort, Path log) throws IOException {
    return start("127.0.0.1:" + cassandraPort, List.of(), log);
  }

  /**
   * As {@link #start(int, Path)}, with further JVM options such as {@code -Dqueuey.auth.x=y}
   * (settings beyond it.properties, for a test class that needs a server of its own).
   */
  public static PayaraMicro start(int cassandraPort, Path log, List<String> jvmOptions)
      throws IOException {
    return start("127.0.0.1:" + cassandraPort, jvmOptions, log);
  }

  /**
   * Starts it against the Cassandra nodes of {@code contactPoints} (comma-separated host:port),
   * with {@code properties} ({@code -Dname=value}) on top of the test defaults.
   */
  public static PayaraMicro start(String contactPoints, List<String> properties, Path log)
      throws IOException {
    int port = freePort();
    var command = new java.util.ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx384m",
            "-Dqueuey.cassandra.contact-points=" + contactPoints,
            "-Dqueuey.cassandra.reconnect-delay-ms=500",
            // Shared CI machines can be slow; and ResilienceIT freezes Cassandra on purpose.
            "-Dqueuey.cassandra.request-timeout-ms=15000"));
    command.addAll(properties);
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar", "target/payara-micro.jar"),
            "--deploy",
            System.getProperty("queuey.it.war", "target/queuey.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--prebootcommandfile",
            System.getProperty("queuey.it.preboot", "server-config/pre-boot-commands.asadmin"),
            "--systemProperties",
            System.getProperty("queuey.it.properties", "target/test-classes/it.properties")));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    return new PayaraMicro(process, URI.create("http://localhost:" + port + "/"), log);
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
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "readiness did not become " + status + "; the end of " + log + ":\n" + tail());
      }
      Thread.sleep(250);
    }
  }

  public void awaitReady() throws IOException, InterruptedException {
    awaitReadiness(200, STARTUP_TIMEOUT);
  }

  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** Kills the process at once (SIGKILL): requests in flight are lost with it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    process.destroy();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
