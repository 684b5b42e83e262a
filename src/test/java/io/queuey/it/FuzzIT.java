package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.APP_TWO;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded random requests built from the API's own shapes with parts broken — methods, paths, query
 * parameters, the headers of API.md and bodies (bad JSON, wrong types, deep nesting, invalid UTF-8,
 * large) — on kept-alive connections. Every answer must be JSON of the contract's shape (none for
 * HEAD and 204), no 5xx but a 503 with {@code Retry-After}, no stack trace and no key in any body;
 * and a sentinel queue that only bad credentials ever touch keeps its messages.
 *
 * <p>Replay a failure with {@code -Dqueuey.fuzz.seed=N} (printed on failure); {@code
 * -Dqueuey.fuzz.requests} sets the count (default 3000), bounded to 75 s of wall time; {@code
 * -Dqueuey.fuzz.verbose=true} prints every request and its answer.
 */
@ExtendWith(QueueyServer.class)
class FuzzIT {

  private static final long SEED = Long.getLong("queuey.fuzz.seed", System.nanoTime());
  private static final int REQUESTS = Integer.getInteger("queuey.fuzz.requests", 3000);
  private static final Duration TIME_BOUND = Duration.ofSeconds(75);
  private static final List<String> SECRETS = List.of(KEY_ONE, "it-key-one-next", KEY_TWO);
  private static final String BOGUS_KEY = "bogus-key-7f3a";
  private static final boolean VERBOSE = Boolean.getBoolean("queuey.fuzz.verbose");

  /** Fewer within the time bound would be no test (a machine far too slow, or hangs). */
  private static final int MIN_REQUESTS = Math.min(REQUESTS, 500);

  /** max-swallowing-input-bytes of server-config/pre-boot-commands.txt. */
  private static final int SKIPPED_BODY_BYTES = 1024 * 1024;

  private static final TestQueues queues = new TestQueues();
  private static String sentinel;
  private static List<String> sentinelBefore;
  private static String playground;

  @BeforeAll
  static void createQueues() throws Exception {
    sentinel = queues.create("fuzz-sentinel", Map.of("partitions", "2"));
    for (int i = 0; i < 3; i++) {
      Api.postOk(APP_ONE, KEY_ONE, sentinel, "sentinel " + i, 1 + i % 2);
    }
    sentinelBefore = sentinelMessages();
    playground = queues.create("fuzz", Map.of("partitions", "3", "type", "public"));
  }

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static List<String> sentinelMessages() throws Exception {
    var answer = Api.get("v1/" + APP_ONE + "/" + sentinel + "?partitions=1,2&limit=1000", KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    return answer.messages().stream().map(JsonValue::toString).toList();
  }

  @Test
  void randomBrokenRequestsAlwaysGetTheContractsJsonAndChangeNothingTheyMayNot() throws Exception {
    var random = new Random(SEED);
    long deadline = System.nanoTime() + TIME_BOUND.toNanos();
    int sent = 0;
    int cut = 0;
    Request previous = null;
    String previousAnswer = "nothing";
    RawHttp connection = null;
    try {
      for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
        Request request = request(random);
        if (connection == null) {
          connection = connect();
        }
        RawHttp.Response response;
        try {
          response = exchange(connection, request);
        } catch (IOException noAnswer) {
          connection.close();
          connection = connect();
          if (previous != null && previous.mayCloseConnection()) {
            // The server closed the connection after the previous request (see
            // mayCloseConnection) before reading this one: sent again on a new connection.
            try {
              response = exchange(connection, request);
            } catch (IOException again) {
              if (!request.mayCloseConnection()) {
                throw new AssertionError("no answer to " + request.summary(), again);
              }
              response = null;
            }
          } else if (request.mayCloseConnection()) {
            response = null;
          } else {
            throw new AssertionError(
                "no answer to " + request.summary() + " after " + previousAnswer, noAnswer);
          }
        }
        previous = request;
        if (response == null) {
          // Refused while its body was still being sent: the server closed the connection, and
          // the answer it wrote may be lost with it (a reset discards it).
          cut++;
          connection.close();
          connection = null;
          previousAnswer = request.summary() + " -> (connection closed while sending)";
          continue;
        }
        previousAnswer = request.summary() + " -> " + response;
        if (VERBOSE) {
          System.out.println(sent + ": " + previousAnswer);
        }
        check(request, response);
        if ("close".equalsIgnoreCase(response.header("Connection"))) {
          connection.close();
          connection = null;
        }
      }
    } catch (AssertionError | RuntimeException failure) {
      System.err.println(
          "FuzzIT failed at request " + sent + "; replay with -Dqueuey.fuzz.seed=" + SEED);
      throw new AssertionError(
          "seed " + SEED + ", request " + sent + ": " + failure.getMessage(), failure);
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
    System.out.println(
        "FuzzIT: " + sent + " requests (" + cut + " cut off while sending), seed " + SEED);
    int done = sent;
    assertTrue(done >= MIN_REQUESTS, () -> "only " + done + " requests within the time bound");
    assertEquals(sentinelBefore, sentinelMessages(), "the sentinel queue is unchanged");
  }

  private static RawHttp connect() throws IOException {
    return new RawHttp(QueueyServer.baseUri(), 60_000);
  }

  private static RawHttp.Response exchange(RawHttp connection, Request request) throws IOException {
    try {
      connection.send(request.bytes());
    } catch (IOException refusedWhileSending) {
      // The server may answer and close before the whole body is sent: its answer may have come.
      return connection.read(request.method().equals("HEAD"));
    }
    return connection.read(request.method().equals("HEAD"));
  }

  private static void check(Request request, RawHttp.Response response) {
    int status = response.status();
    String what = request.summary() + " -> " + response;
    if (status >= 500 && status != 503) {
      fail("a " + status + ": " + what);
    }
    if (status == 503 && response.header("Retry-After") == null) {
      fail("a 503 without Retry-After: " + what);
    }
    String body = response.body();
    for (String secret : SECRETS) {
      if (body.contains(secret)) {
        fail("a key in the body: " + what);
      }
    }
    if (body.contains(BOGUS_KEY)) {
      fail("the sent key echoed: " + what);
    }
    if (request.method().equals("HEAD") || status == 204) {
      if (!body.isEmpty()) {
        fail("a body where HTTP forbids one: " + what);
      }
      return;
    }
    String type = response.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      fail("not JSON: " + what);
    }
    JsonObject json;
    try {
      json = Json.createReader(new StringReader(body)).readObject();
    } catch (RuntimeException notJson) {
      throw new AssertionError("a body that does not parse: " + what, notJson);
    }
    if (status >= 400) {
      if (!"error".equals(json.getString("status", null))
          || json.get("error_msg") == null
          || json.get("error_msg").getValueType() != JsonValue.ValueType.OBJECT
          || json.getJsonObject("error_msg").isEmpty()) {
        fail("not the error shape: " + what);
      }
      for (String trace : List.of("Exception", "\tat ", ".java:", "java.", "jakarta.")) {
        if (body.contains(trace)) {
          fail("a stack trace or class name: " + what);
        }
      }
    } else if (!"ok".equals(json.getString("status", null))
        && !request.path().startsWith("/health")) {
      fail("a success without status ok: " + what);
    }
  }

  // --- building requests ---------------------------------------------------------------------

  private record Request(String method, String path, String head, byte[] body) {

    byte[] bytes() {
      var out = new ByteArrayOutputStream();
      out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
      return out.toByteArray();
    }

    /**
     * The server may close the connection after this request, so that the next one is not read: a
     * TRACE or CONNECT (closed on purpose, as their bodies are never read), or a body larger than
     * what is skipped of a body answered before it was read.
     */
    boolean mayCloseConnection() {
      return method.equals("TRACE") || method.equals("CONNECT") || body.length > SKIPPED_BODY_BYTES;
    }

    String summary() {
      String shown = head.length() > 600 ? head.substring(0, 600) + "..." : head;
      return shown.replace("\r\n", " | ") + " [" + body.length + " body bytes]";
    }
  }

  private static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static Request request(Random random) {
    String method =
        pick(
            random,
            List.of(
                "GET", "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD",
                "PATCH", "TRACE", "BREW"));
    boolean onSentinel = random.nextInt(5) == 0;
    String authorization = authorization(random, onSentinel);
    String bare = path(random, onSentinel);
    boolean managesQueues =
        bare.equals("/v1/" + APP_ONE)
            ? method.equals("POST")
            : bare.equals("/v1/" + APP_ONE + "/" + playground)
                && (method.equals("DELETE") || method.equals("PUT"));
    if (managesQueues && ("Application " + KEY_ONE).equals(authorization)) {
      // Creating queues would fill the listings of the other tests; deleting the playground
      // would leave nothing to post to.
      authorization = "Application " + KEY_TWO;
    }
    String path = bare + query(random);
    var headers = new ArrayList<String>();
    headers.add("Host: fuzz");
    if (authorization != null) {
      headers.add("Authorization: " + authorization);
    }
    if (random.nextInt(3) == 0) {
      headers.add("X-TTL: " + pick(random, numbers(random)));
    }
    if (random.nextInt(3) == 0) {
      headers.add("X-Partition: " + pick(random, numbers(random)));
    }
    if (random.nextInt(4) == 0) {
      headers.add("Accept: " + pick(random, List.of("text/html", "*/*", "application/xml", "")));
    }
    if (random.nextInt(4) == 0) {
      headers.add("Origin: " + pick(random, List.of("https://example.org", "null", "x")));
    }
    byte[] body = body(random, method);
    String contentType =
        pick(
            random,
            List.of(
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain; charset=utf-8",
                "*/*",
                "a/b/c",
                "application/json; charset=latin-1",
                "none"));
    if (body.length > 0 || random.nextInt(4) == 0) {
      if (!contentType.equals("none")) {
        headers.add("Content-Type: " + contentType);
      }
      headers.add("Content-Length: " + body.length);
    }
    String head = method + " " + path + " HTTP/1.1\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    return new Request(method, path, head, body);
  }

  /** Bad credentials only on the sentinel: nothing there may change. */
  private static String authorization(Random random, boolean onSentinel) {
    List<String> bad =
        List.of(
            "Application " + BOGUS_KEY,
            "Application",
            "Application " + KEY_TWO,
            "Bearer " + BOGUS_KEY,
            "Basic eDp5",
            "; ;",
            "Application " + BOGUS_KEY + "; BrowserID x");
    if (onSentinel) {
      return random.nextBoolean() ? null : pick(random, bad);
    }
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> pick(random, bad);
      default -> "Application " + KEY_ONE;
    };
  }

  private static String path(Random random, boolean onSentinel) {
    String queue = onSentinel ? sentinel : playground;
    String id = Ids.v1At(Ids.nowTicks());
    List<String> ids =
        List.of(
            id,
            "2:" + id,
            "2%3A" + id,
            id + "," + Ids.v1At(Ids.nowTicks()),
            "zz",
            "9:" + id,
            "0:" + id,
            id.substring(0, 20),
            "00000000000000000000000000000000",
            "%2C%2C",
            "x".repeat(300));
    return switch (random.nextInt(14)) {
      case 0 -> "/";
      case 1 -> "/v1";
      case 2 -> "/v1/" + APP_ONE;
      case 3 -> "/v1/" + APP_TWO + "/" + queue;
      case 4 -> "/v1/nope/" + queue;
      case 5 -> "/v1/" + APP_ONE + "/" + queue + "/" + pick(random, ids) + "/more";
      case 6 -> "/v2/" + APP_ONE;
      case 7 -> "/v1/" + APP_ONE + "/" + "q".repeat(51);
      case 8 -> "/v1/" + APP_ONE + "/%7B%7D";
      case 9 -> "/v1/" + APP_ONE + "/a%20,";
      case 10, 11 -> "/v1/" + APP_ONE + "/" + queue + "/" + pick(random, ids);
      default -> "/v1/" + APP_ONE + "/" + queue;
    };
  }

  private static String query(Random random) {
    if (random.nextInt(3) == 0) {
      return "";
    }
    List<String> names =
        List.of(
            "limit",
            "since",
            "order",
            "partitions",
            "details",
            "include_count",
            "offset",
            "queue_name",
            "type");
    var parts = new ArrayList<String>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      parts.add(pick(random, names) + "=" + pick(random, values(random)));
    }
    return "?" + String.join("&", parts);
  }

  private static List<String> numbers(Random random) {
    return List.of(
        "1",
        "0",
        "-1",
        "3",
        "1001",
        "33554433",
        "99999999999999999999999",
        "1e3",
        "1.5",
        "abc",
        "",
        Integer.toString(random.nextInt()));
  }

  private static List<String> values(Random random) {
    var values = new ArrayList<>(numbers(random));
    values.addAll(
        List.of(
            "%3Cscript%3E",
            "%zz",
            "%",
            "%E2%82",
            "ascending",
            "descending",
            "sideways",
            "1,2,3",
            "1,,2",
            "1795880000.0000000",
            "9999999999999.9999999",
            Ids.v1At(Ids.nowTicks()),
            "true",
            "yes",
            "maybe",
            "public",
            "very_strong"));
    return values;
  }

  private static byte[] body(Random random, String method) {
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      if (random.nextInt(6) != 0) {
        return new byte[0];
      }
    }
    return switch (random.nextInt(12)) {
      case 0 -> new byte[0];
      case 1 -> "{\"messages\": [{\"body\": \"x\", \"ttl\": \"soon\"}]}".getBytes();
      case 2 -> "{\"messages\": [{\"body\": 3, \"partition\": 99}]}".getBytes();
      case 3 -> "{\"messages\": {}}".getBytes();
      case 4 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes();
      case 5 -> ("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes();
      case 6 -> new byte[] {(byte) 0xC3, (byte) 0x28, 'x', (byte) 0xFF};
      case 7 -> "queue_name=ok&partitions=abc&type=weird&principles=nobody".getBytes();
      case 8 -> "{\"messages\": [{\"body\": \"fine\"}, {\"body\": \"\"}]}".getBytes();
      case 9 -> {
        byte[] large = new byte[random.nextBoolean() ? 1024 * 1024 + 1 : 64 * 1024];
        java.util.Arrays.fill(large, (byte) 'y');
        yield large;
      }
      case 10 -> "{\"limit\": 1e999999999, \"partitions\": [1, \"two\"]}".getBytes();
      default -> ("plain message " + random.nextInt()).getBytes(StandardCharsets.UTF_8);
    };
  }
}
