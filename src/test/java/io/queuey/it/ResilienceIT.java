package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.tools.LocalCassandra;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Queuey on a Cassandra of its own that the test stops and starts: readiness follows Cassandra,
 * requests during the outage are 503s, nothing stored is lost, and SIGTERM shuts down cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

  // Its own ports (-D...), so that builds sharing a machine do not meet.
  private static final int CASSANDRA_PORT = Integer.getInteger("queuey.it.resilience.port", 19043);
  private static final int STORAGE_PORT =
      Integer.getInteger("queuey.it.resilience.storage.port", 17001);
  private static LocalCassandra cassandra;
  private static Process cassandraProcess;
  private static AppServer server;

  @BeforeAll
  static void start() throws Exception {
    cassandra =
        new LocalCassandra(
            new LocalCassandra.Settings(
                Path.of("target", "resilience-cassandra").toAbsolutePath(),
                "queuey-resilience",
                CASSANDRA_PORT,
                STORAGE_PORT,
                "768m",
                Path.of("target", "cassandra.classpath"),
                Path.of("server-config", "cassandra", "cassandra.yaml")));
    cassandra.stopRecorded();
    cassandra.wipe();
    cassandraProcess = cassandra.start();
    server = AppServer.start(CASSANDRA_PORT, "resilience");
    server.awaitReady();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (cassandraProcess != null) {
      LocalCassandra.stop(cassandraProcess.toHandle());
    }
  }

  @Test
  @Order(1)
  void readinessGoesDownWhileCassandraIsStoppedAndUpWhenItReturns() throws Exception {
    var created = post("v1/app-one", "queue_name=survivor");
    assertEquals(201, created.statusCode());

    LocalCassandra.stop(cassandraProcess.toHandle());
    server.awaitReadiness(503, Duration.ofSeconds(90));
    assertEquals(200, server.status("health/live"), "liveness stays up");

    var duringOutage = get("v1/app-one/survivor");
    assertEquals(503, duringOutage.statusCode());
    assertTrue(duringOutage.headers().firstValue("Retry-After").isPresent());
    assertTrue(duringOutage.body().contains("\"storage\""));

    cassandraProcess = cassandra.start();
    server.awaitReadiness(200, Duration.ofSeconds(120));
    assertEquals(200, get("v1/app-one/survivor").statusCode(), "the queue is still there");
  }

  @Test
  @Order(2)
  void sigtermLetsARequestInFlightFinishBeforeClosingTheSession() throws Exception {
    Process process = server.process();
    // A frozen Cassandra keeps the next request in flight, waiting for its answer.
    signal("STOP", cassandraProcess.pid());
    CompletableFuture<HttpResponse<String>> inFlight;
    try {
      inFlight =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(server.baseUri().resolve("v1/app-one/survivor"))
                      .header("Authorization", "Application it-key-one")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Thread.sleep(1_000);
      process.destroy();
      // Long enough for the shutdown to reach the web container while the request waits.
      Thread.sleep(5_000);
    } finally {
      signal("CONT", cassandraProcess.pid());
    }
    assertEquals(200, inFlight.get(60, TimeUnit.SECONDS).statusCode(), "the request finished");
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the server exits after SIGTERM");
  }

  private static void signal(String signal, long pid) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Authorization", "Application it-key-one")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String form) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Authorization", "Application it-key-one")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
