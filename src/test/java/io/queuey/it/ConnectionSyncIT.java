package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What really goes out on a kept-alive connection, read off a raw socket: every answer is the JSON
 * error shape, also where the container answers on its own, and a request whose body is itself an
 * HTTP request (one that would post a message) yields exactly one response — the smuggled request
 * is never executed, whether the server answers before reading the body or refuses the method.
 */
@ExtendWith(QueueyServer.class)
class ConnectionSyncIT {

  private static final int SILENCE_MILLIS = 1500;
  private static final TestQueues queues = new TestQueues();
  private static String sentinel;

  @BeforeAll
  static void createSentinel() throws Exception {
    sentinel = queues.create("sync");
  }

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  /** A complete request that would post a message to the sentinel queue if it were executed. */
  private static String smuggled() {
    return "POST /v1/"
        + APP_ONE
        + "/"
        + sentinel
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Application "
        + KEY_ONE
        + "\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nsmuggled";
  }

  private static String withBody(String head, String body) {
    return head
        + "\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static RawHttp connect() throws IOException {
    return new RawHttp(QueueyServer.baseUri(), SILENCE_MILLIS);
  }

  private static void assertJsonError(RawHttp.Response response, int status) {
    assertEquals(status, response.status(), response::toString);
    String type = response.header("Content-Type");
    assertTrue(type != null && type.startsWith("application/json"), response::toString);
    JsonObject json = Json.createReader(new StringReader(response.body())).readObject();
    assertEquals("error", json.getString("status"), response::toString);
    assertFalse(json.getJsonObject("error_msg").isEmpty(), response::toString);
  }

  private static void assertSentinelEmpty() throws Exception {
    var read = Api.get("v1/" + APP_ONE + "/" + sentinel + "?limit=1000", KEY_ONE);
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of(), read.messages(), "the smuggled request was never executed");
  }

  @Test
  void traceIsAJson405AndItsBodyIsNeverExecuted() throws Exception {
    for (String framing : List.of("length", "chunked")) {
      try (var connection = connect()) {
        String body = smuggled();
        connection.send(
            framing.equals("length")
                ? "TRACE /v1/"
                    + APP_ONE
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body
                : "TRACE /v1/"
                    + APP_ONE
                    + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length())
                    + "\r\n"
                    + body
                    + "\r\n0\r\n\r\n");
        var answer = connection.read();
        assertJsonError(answer, 405);
        assertNotNull(answer.header("Allow"), answer::toString);
        assertTrue(connection.nothingMore(), "exactly one response to a TRACE (" + framing + ")");
      }
    }
    assertSentinelEmpty();
  }

  @Test
  void anEarlyAnswerSkipsTheBodyAndTheConnectionStaysInStep() throws Exception {
    record Case(int status, String head) {}
    var cases =
        List.of(
            new Case(
                401,
                "POST /v1/"
                    + APP_ONE
                    + "/"
                    + sentinel
                    + " HTTP/1.1\r\nAuthorization: Application"
                    + " not-a-key"),
            new Case(403, "DELETE /v1/" + APP_ONE + "/" + sentinel + " HTTP/1.1"),
            new Case(404, "POST /nowhere/at/all HTTP/1.1"),
            new Case(405, "PATCH /v1/" + APP_ONE + " HTTP/1.1"));
    for (Case early : cases) {
      try (var connection = connect()) {
        connection.send(withBody(early.head(), smuggled()));
        connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertJsonError(connection.read(), early.status());
        var next = connection.read();
        assertEquals(200, next.status(), () -> "the request after a " + early + ": " + next);
        assertTrue(next.body().contains("\"UP\""), next::toString);
        assertTrue(connection.nothingMore(), "two requests, two responses after " + early);
      }
    }
    assertSentinelEmpty();
  }

  @Test
  void aBodyOverTheLimitsIsA413AndWhatFollowsIsNeverTakenAsARequest() throws Exception {
    // Over queuey.limits.max-request-bytes (8 MiB), ending in a request of its own.
    String tail = smuggled();
    int length = 8 * 1024 * 1024 + 4096;
    byte[] body = new byte[length];
    java.util.Arrays.fill(body, (byte) 'x');
    System.arraycopy(
        tail.getBytes(StandardCharsets.ISO_8859_1), 0, body, length - tail.length(), tail.length());
    try (var connection = connect()) {
      connection.send(
          "POST /v1/"
              + APP_ONE
              + "/"
              + sentinel
              + " HTTP/1.1\r\nHost: x\r\nAuthorization: Application "
              + KEY_ONE
              + "\r\nContent-Type: text/plain\r\nContent-Length: "
              + length
              + "\r\n\r\n");
      try {
        connection.send(body);
        connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      } catch (IOException closedEarly) {
        // The server may close the connection rather than read all of a huge body: also in step.
      }
      assertJsonError(connection.read(), 413);
      try {
        var next = connection.read();
        assertEquals(200, next.status(), () -> "only the request after the body: " + next);
      } catch (IOException closed) {
        // Closed after the 413: nothing of the body was taken as a request.
      }
      assertTrue(connection.nothingMore());
    }
    assertSentinelEmpty();
  }

  @Test
  void whatTheContainerRefusesOnItsOwnIsJsonToo() throws Exception {
    record Case(int status, String request) {}
    var cases =
        List.of(
            // Jersey cannot parse the path: an HTML page from the container before.
            new Case(400, "GET /v1/{} HTTP/1.1\r\nHost: x\r\n\r\n"),
            // A malformed escape in the query of a form request: a 500 with an HTML page before.
            new Case(
                400,
                "GET /v1/"
                    + APP_ONE
                    + "?limit=<script>&include_count=%zz HTTP/1.1\r\nHost: x\r\nContent-Type:"
                    + " application/x-www-form-urlencoded\r\n\r\n"),
            // A body on DELETE: an empty 400 from the HTTP layer before.
            new Case(
                403,
                "DELETE /v1/"
                    + APP_ONE
                    + "/"
                    + sentinel
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: */*\r\nContent-Length: 3\r\n\r\nabc"),
            new Case(405, "PATCH /v1/" + APP_ONE + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            new Case(405, "BREW /v1/" + APP_ONE + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            new Case(404, "GET /_error HTTP/1.1\r\nHost: x\r\n\r\n"));
    for (Case refused : cases) {
      try (var connection = connect()) {
        connection.send(refused.request());
        var answer = connection.read();
        assertJsonError(answer, refused.status());
        if (refused.status() == 405) {
          assertNotNull(answer.header("Allow"), answer::toString);
        }
        if (refused.request().contains("%zz")) {
          assertTrue(answer.body().contains("\"query\""), answer::toString);
        }
      }
    }
  }
}
