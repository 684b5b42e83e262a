package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The restart window: from the moment Payara Micro is started, requests are sent without pause.
 * Until the WAR is deployed the port accepts no connection (the listener opens post-deploy), and
 * until Cassandra is connected a request is a 503 JSON with {@code Retry-After}: never the
 * container's 404 ("no such queue" to a client) or a 500, and never HTML. With Cassandra up the
 * deployment waits for the connection, so there is no 503 at all (ResilienceIT covers the 503s of a
 * Cassandra that is down).
 */
class StartupIT {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

  @Test
  void fromTheFirstInstantEveryAnswerIsA503OrTheRealAnswer() throws Exception {
    var client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int refused = 0;
    int unanswered = 0;
    try (var payara =
        PayaraMicro.start(
            Integer.getInteger("queuey.it.cassandra.port", 19042),
            Path.of("target", "payara-startup.log"))) {
      var listing =
          HttpRequest.newBuilder(payara.baseUri().resolve("v1/" + Api.APP_ONE))
              .header("Authorization", Api.application(Api.KEY_ONE))
              .timeout(Duration.ofSeconds(120))
              .build();
      Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
      int ok = 0;
      while (ok < 3) {
        if (Instant.now().isAfter(deadline) || !payara.process().isAlive()) {
          fail("not ready in time: " + statuses + "; " + payara.tail());
        }
        HttpResponse<String> response;
        try {
          response = client.send(listing, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException notListening) {
          refused++;
          Thread.sleep(20);
          continue;
        } catch (IOException resetOrTimedOut) {
          // Not an answer at all: what a client sees of a port that is not open yet, or of a
          // machine too loaded to answer in time.
          unanswered++;
          continue;
        }
        statuses.merge(response.statusCode(), 1, Integer::sum);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), () -> "JSON: " + response.body());
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        if (response.statusCode() == 200) {
          assertEquals("ok", body.getString("status"));
          ok++;
        } else {
          assertEquals(503, response.statusCode(), () -> "only 503 before ready: " + body);
          assertNotNull(
              response.headers().firstValue("Retry-After").orElse(null), "Retry-After on a 503");
          assertEquals("error", body.getString("status"));
        }
      }
    }
    System.out.println(
        "StartupIT: refused connections "
            + refused
            + ", unanswered "
            + unanswered
            + ", statuses "
            + statuses);
    assertTrue(refused > 0, "requests were sent before the port opened");
    // Cassandra is up, so the deployment waited for the first connection attempt (see
    // CassandraConnection.start): once the port opens, storage is there.
    assertEquals(java.util.Set.of(200), statuses.keySet(), "no 503 with Cassandra up");
  }
}
