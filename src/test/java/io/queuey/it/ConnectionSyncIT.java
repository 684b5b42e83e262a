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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    // With credentials too, good or bad: refused before authentication, which would otherwise
    // answer (a 401) and leave the unread body on the connection.
    for (String credentials :
        List.of(
            "",
            "Authorization: Application not-a-key\r\n",
            "Authorization: Application " + KEY_ONE + "\r\n")) {
      for (String framing : List.of("length", "chunked")) {
        try (var connection = connect()) {
          String body = smuggled();
          String head = "TRACE /v1/" + APP_ONE + " HTTP/1.1\r\nHost: x\r\n" + credentials;
          connection.send(
              framing.equals("length")
                  ? head + "Content-Length: " + body.length() + "\r\n\r\n" + body
                  : head
                      + "Transfer-Encoding: chunked\r\n\r\n"
                      + Integer.toHexString(body.length())
                      + "\r\n"
                      + body
                      + "\r\n0\r\n\r\n");
          var answer = connection.read();
          assertJsonError(answer, 405);
          assertNotNull(answer.header("Allow"), answer::toString);
          assertTrue(
              connection.nothingMore(),
              "exactly one response to a TRACE (" + framing + ", " + credentials.trim() + ")");
        }
      }
    }
    assertSentinelEmpty();
  }

  /**
   * A connection closed after a TRACE is remembered as that connection, not as the client's port:
   * Linux hands a closed port out again within seconds, and a new connection on it was answered
   * "This connection is being closed." (three ITs here failed so, once).
   */
  @Test
  void aNewConnectionFromThePortOfAClosedTraceIsServed() throws Exception {
    int port;
    try (var traced = connect()) {
      port = traced.localPort();
      traced.send("TRACE /v1/" + APP_ONE + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertJsonError(traced.read(), 405);
      assertTrue(traced.closed(), "the server closes the connection of a TRACE");
    }
    try (var again = new RawHttp(QueueyServer.baseUri(), SILENCE_MILLIS, port)) {
      assertEquals(port, again.localPort(), "the new connection comes from the same port");
      again.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      var answer = again.read();
      assertEquals(200, answer.status(), answer::toString);
    }
  }

  @Test
  void aPostOfferingAnUpgradeToCleartextHttp2IsStored() throws Exception {
    // Java's HttpClient offers every http:// request an upgrade to HTTP/2 (Upgrade: h2c). With
    // HTTP/2 switched off in the listener, Payara took such a POST for an upgraded connection:
    // its body never reached Queuey and the answer was a 400 after 30 s.
    var client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_2)
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .build();
    String queue = queues.create("h2c");
    var post =
        java.net.http.HttpRequest.newBuilder(
                QueueyServer.baseUri().resolve("v1/" + APP_ONE + "/" + queue))
            .header("Authorization", "Application " + KEY_ONE)
            .header("Content-Type", "text/plain")
            .timeout(java.time.Duration.ofSeconds(10))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("offered h2c"))
            .build();
    var posted = client.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, posted.statusCode(), posted::body);
    var read = Api.get("v1/" + APP_ONE + "/" + queue + "?limit=1000", KEY_ONE);
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of("offered h2c"), read.bodies(), read::toString);
  }

  @Test
  void headAndNoContentAnswersCarryNoBodyWhoeverAnswers() throws Exception {
    // Pipelined on one connection: a body after any of these heads would be read as the next
    // status line. Each is answered by another layer: the resource (200), the authentication
    // filter (401), JAX-RS (404, 405), JAX-RS for a plain OPTIONS (204), the CORS preflight (204).
    String key = "\r\nAuthorization: Application " + KEY_ONE;
    record Case(String method, int status, String request) {}
    var cases =
        List.of(
            new Case("HEAD", 200, "HEAD /v1/" + APP_ONE + "/" + sentinel + " HTTP/1.1" + key),
            new Case(
                "HEAD", 401, "HEAD /v1/" + APP_ONE + " HTTP/1.1\r\nAuthorization: Application x"),
            new Case("HEAD", 404, "HEAD /nowhere HTTP/1.1\r\nContent-Type: a/b"),
            new Case(
                "HEAD",
                405,
                "HEAD /v1/" + APP_ONE + "/" + sentinel + "/groups/g/claim HTTP/1.1" + key),
            new Case("OPTIONS", 204, "OPTIONS /v1/" + APP_ONE + " HTTP/1.1\r\nAccept: text/html"),
            new Case(
                "OPTIONS",
                204,
                "OPTIONS /v1/"
                    + APP_ONE
                    + " HTTP/1.1\r\nOrigin: https://example.org\r\n"
                    + "Access-Control-Request-Method: POST"));
    try (var connection = connect()) {
      for (Case request : cases) {
        connection.send(request.request() + "\r\nHost: x\r\n\r\n");
      }
      connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      for (Case request : cases) {
        var answer = connection.read(request.method().equals("HEAD"));
        assertEquals(request.status(), answer.status(), () -> request + " -> " + answer);
      }
      var last = connection.read();
      assertEquals(200, last.status(), () -> "in step after the heads: " + last);
      assertTrue(last.body().contains("\"UP\""), last::toString);
      assertTrue(connection.nothingMore(), "one response per request");
    }
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
            new Case(405, "FOO /v1/" + APP_ONE + "/" + sentinel + " HTTP/1.1\r\nHost: x\r\n\r\n"),
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

  @Test
  void clientsThatGoAwayMidAnswerOrMidUploadLeaveNoErrorInTheLog() throws Exception {
    Path log = QueueyServer.log();
    String queue = OversizedAnswers.queue(queues, "gone");
    long before = Files.size(log);
    int reads = 3;
    for (int i = 0; i < reads; i++) {
      // An answer of about 48 MiB to a client that takes 4 KiB of it through a receive window of
      // 8 KiB: far more than the server can hand over (see OversizedAnswers), so the server is
      // still writing when the connection is reset.
      try (var socket = new Socket()) {
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(
            new java.net.InetSocketAddress(
                QueueyServer.baseUri().getHost(), QueueyServer.baseUri().getPort()));
        socket
            .getOutputStream()
            .write(
                ("GET /v1/" + APP_ONE + "/" + queue + "?limit=1000 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        socket.getInputStream().readNBytes(4096);
        socket.setSoLinger(true, 0);
      }
    }
    // And an upload abandoned half-way (the server is reading the body when the client goes).
    try (var socket =
        new Socket(QueueyServer.baseUri().getHost(), QueueyServer.baseUri().getPort())) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/"
                      + APP_ONE
                      + "/"
                      + queue
                      + " HTTP/1.1\r\nHost: x\r\nAuthorization: Application "
                      + KEY_ONE
                      + "\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n"
                      + "z".repeat(100_000))
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.setSoLinger(true, 0);
    }
    // The aborted upload is answered (a 400, in the request log) once the server has read what
    // came; the reads fail on their next write after the reset and are logged as client-gone.
    String postLine = "POST /v1/" + APP_ONE + "/" + queue + " 400 ";
    String readLine = "GET /v1/" + APP_ONE + "/" + queue + " 200 ";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while ((count(since(log, before), postLine) < 1
            || goneReads(since(log, before), readLine) < reads)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String written = since(log, before);
    assertEquals(1, count(written, postLine), written);
    assertEquals(reads, goneReads(written, readLine), written);
    for (String line : written.split("\n")) {
      assertFalse(line.contains("SEVERE"), () -> "no SEVERE for a client that went away: " + line);
      assertFalse(line.startsWith("\tat "), () -> "no stack trace for it: " + line);
    }
  }

  private static String since(Path log, long offset) throws IOException {
    return RequestLogLines.since(log, offset);
  }

  private static long goneReads(String text, String start) {
    return RequestLogLines.clientGone(text, start);
  }

  private static int count(String text, String part) {
    int found = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      found++;
    }
    return found;
  }
}
