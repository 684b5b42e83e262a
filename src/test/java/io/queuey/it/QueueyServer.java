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
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged WAR on one real Payara Micro, shared by every black-box test class of the run:
 * starting Payara takes 10-20 s, so it is started once, on first use, and stopped when the test JVM
 * ends. It talks to the Cassandra of the test build.
 */
public final class QueueyServer implements BeforeAllCallback {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);
  private static URI baseUri;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** The root of the API, e.g. {@code http://localhost:PORT/}. */
  public static synchronized URI baseUri() {
    if (baseUri == null) {
      throw new IllegalStateException("QueueyServer has not been started");
    }
    return baseUri;
  }

  private static synchronized void start() throws IOException, InterruptedException {
    if (baseUri != null) {
      return;
    }
    int port = freePort();
    Path log = Path.of("target", "payara-it.log");
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-Dqueuey.cassandra.contact-points=127.0.0.1:"
                + System.getProperty("queuey.it.cassandra.port", "19042"),
            "-jar",
            System.getProperty("payara.microJar", "target/payara-micro.jar"),
            "--deploy",
            System.getProperty("queuey.it.war", "target/queuey.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--systemProperties",
            System.getProperty("queuey.it.properties", "target/test-classes/it.properties"));
    Process payara =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(payara::destroy));

    URI uri = URI.create("http://localhost:" + port + "/");
    var client = HttpClient.newHttpClient();
    var ready = HttpRequest.newBuilder(uri.resolve("health/ready")).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (true) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!payara.isAlive() || Instant.now().isAfter(deadline)) {
        payara.destroyForcibly();
        throw new IllegalStateException(
            "Payara Micro did not become ready; see " + log.toAbsolutePath() + ":\n" + tail(log));
      }
      Thread.sleep(250);
    }
    baseUri = uri;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
