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
    int port = freePort();
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dqueuey.cassandra.contact-points=127.0.0.1:" + cassandraPort,
            "-Dqueuey.cassandra.reconnect-delay-ms=500",
            // Shared CI machines can be slow; and ResilienceIT freezes Cassandra on purpose.
            "-Dqueuey.cassandra.request-timeout-ms=15000",
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
            "server-config/pre-boot-commands.txt",
            "--postdeploycommandfile",
            "server-config/post-deploy-commands.txt",
            "--systemProperties",
            System.getProperty("queuey.it.properties", "target/test-classes/it.properties"));
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
