package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static io.queuey.it.Api.assertError;
import static io.queuey.it.Api.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md, General and Errors: every error is JSON of the one shape, unknown URLs are 404s and wrong
 * methods 405s, and no body ever carries a key or a stack trace.
 */
@ExtendWith(QueueyServer.class)
class ErrorsIT {

  private static final TestQueues queues = new TestQueues();
  private static String queue;

  @BeforeAll
  static void createQueue() throws Exception {
    queue = queues.create("errors");
  }

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String name) {
    return "v1/" + APP_ONE + "/" + name;
  }

  private static Api.Answer call(String method, String path) throws Exception {
    return Api.raw(method, path, Api.application(KEY_ONE), Map.of(), null);
  }

  /** Nothing a client must not see: keys of any application, Java stack traces. */
  private static void assertNothingLeaks(Api.Answer answer) {
    String body = answer.body();
    for (String secret : List.of("it-key-one", "it-key-one-next", "it-key-two")) {
      assertFalse(body.contains(secret), () -> "no key in " + answer);
    }
    for (String trace : List.of("Exception", "\tat ", "at io.queuey", ".java:", "java.lang")) {
      assertFalse(body.contains(trace), () -> "no stack trace in " + answer);
    }
  }

  @Test
  void unknownPathsAreJson404s() throws Exception {
    String id = Ids.v1At(Ids.nowTicks());
    for (String path :
        List.of(
            "",
            "nope",
            "index.html",
            "v1",
            "v2/" + APP_ONE,
            "v1/" + APP_ONE + "/" + queue + "/" + id + "/more",
            "v1/" + APP_ONE + "/" + queue + "/" + id + "/more/and/more")) {
      var answer = call("GET", path);
      assertError(answer, 404);
      assertNothingLeaks(answer);
      assertError(Api.raw("GET", path, null, Map.of(), null), 404);
    }
  }

  @Test
  void anEncodedPathIntoTheWarsPrivateFilesIsAJsonErrorNeverTheFileNorA500() throws Exception {
    for (String path :
        List.of(
            "console/..%2FWEB-INF%2Fweb.xml", "v1/..%2FWEB-INF%2Fweb.xml", "v1/%2E%2E/WEB-INF")) {
      var answer = Api.raw("GET", path, null, Map.of(), null);
      assertTrue(
          answer.status() == 400 || answer.status() == 404, () -> path + ": " + answer.toString());
      assertJsonError(answer);
      assertFalse(answer.body().contains("web-app"), () -> "no WAR file in " + answer);
      assertNothingLeaks(answer);
    }
  }

  @Test
  void unknownPathsAreJsonEvenWhenTheClientAsksForHtml() throws Exception {
    var answer = Api.raw("GET", "no/such/page", null, Map.of("Accept", "text/html"), null);
    assertError(answer, 404);
  }

  @Test
  void anUnknownQueueIsA404NamedInvalidQueueName() throws Exception {
    String unknown = Api.uniqueName("unknown");
    assertError(call("GET", path(unknown)), 404, "InvalidQueueName");
    assertError(
        call("GET", path(unknown) + "/" + Ids.v1At(Ids.nowTicks())), 404, "InvalidQueueName");
    assertError(call("DELETE", path(unknown)), 404, "InvalidQueueName");
  }

  @Test
  void wrongMethodsAreJson405s() throws Exception {
    String id = Ids.v1At(Ids.nowTicks());
    List<String[]> calls =
        List.of(
            new String[] {"PATCH", "v1/" + APP_ONE},
            new String[] {"PUT", "v1/" + APP_ONE},
            new String[] {"DELETE", "v1/" + APP_ONE},
            new String[] {"PATCH", path(queue)},
            new String[] {"POST", path(queue) + "/" + id},
            new String[] {"PATCH", path(queue) + "/" + id});
    for (String[] call : calls) {
      var answer = call(call[0], call[1]);
      assertEquals(405, answer.status(), () -> call[0] + " " + call[1] + ": " + answer);
      assertJsonError(answer);
      assertNothingLeaks(answer);
    }
  }

  @Test
  void everyErrorHasTheOneJsonShapeAndLeaksNothing() throws Exception {
    var errors = new ArrayList<Api.Answer>();
    errors.add(Api.get(path(queue) + "?limit=0", KEY_ONE)); // 400
    errors.add(Api.json("POST", "v1/" + APP_ONE, KEY_ONE, "{broken")); // 400, malformed JSON
    errors.add(Api.json("POST", path(queue), KEY_ONE, "{broken")); // 400, malformed batch
    errors.add(Api.get(path(queue) + "/not-an-id", KEY_ONE)); // 400, malformed id list
    errors.add(Api.get("v1/" + APP_ONE, "it-key-one-typo")); // 401
    errors.add(Api.get("v1/" + APP_ONE, KEY_TWO)); // 403
    errors.add(Api.get("v1/" + APP_ONE, null)); // 403
    errors.add(Api.get("v1/no-such-app", KEY_ONE)); // 404, application
    errors.add(Api.get(path("x".repeat(51)), KEY_ONE)); // 404, queue
    errors.add(Api.get("no/such/url", KEY_ONE)); // 404, URL
    errors.add(call("PATCH", path(queue))); // 405
    errors.add(
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            new byte[1_048_577])); // 413
    for (Api.Answer answer : errors) {
      assertJsonError(answer);
      assertNothingLeaks(answer);
    }
    assertEquals(
        List.of(400, 400, 400, 400, 401, 403, 403, 404, 404, 404, 405, 413),
        errors.stream().map(Api.Answer::status).toList());
  }

  @Test
  void anUnknownKeyIsNeverEchoed() throws Exception {
    String key = "secret-looking-key-0123456789";
    var answer = Api.get(path(queue), key);
    assertError(answer, 401, "InvalidApplicationKey");
    assertFalse(answer.body().contains(key));
    assertFalse(answer.body().contains("0123456789"));
  }

  @Test
  void hugeNumbersAreA400NeverA500() throws Exception {
    String big = "99999999999999999999999";
    String id = Ids.v1At(Ids.nowTicks());
    assertError(Api.get(path(queue) + "?limit=" + big, KEY_ONE), 400, "limit");
    assertError(Api.get(path(queue) + "?partitions=" + big, KEY_ONE), 400, "partitions");
    assertError(Api.get(path(queue) + "?since=" + big, KEY_ONE), 400, "since");
    assertError(Api.get(path(queue) + "?since=" + big + ".5", KEY_ONE), 400, "since");
    assertError(Api.get("v1/" + APP_ONE + "?limit=" + big, KEY_ONE), 400, "limit");
    assertError(Api.postMessage(APP_ONE, KEY_ONE, queue, "m", Map.of("X-TTL", big)), 400, "ttl");
    assertError(
        Api.postMessage(APP_ONE, KEY_ONE, queue, "m", Map.of("X-Partition", big)),
        400,
        "partition");
    assertError(Api.get(path(queue) + "/" + big + ":" + id, KEY_ONE), 400);
    assertError(
        Api.form("PUT", path(queue), KEY_ONE, Map.of("partitions", big)), 400, "partitions");
    assertError(
        Api.json(
            "POST",
            path(queue),
            KEY_ONE,
            "{\"messages\": [{\"body\": \"b\", \"ttl\": " + big + "}]}"),
        400,
        "0.ttl");
    assertError(
        Api.json(
            "POST",
            path(queue),
            KEY_ONE,
            "{\"messages\": [{\"body\": \"b\", \"partition\": 1e400}]}"),
        400,
        "0.partition");
  }

  @Test
  void aSinceAtTheEdgeOfTimeIsAnsweredNotAFailure() throws Exception {
    String empty = queues.create("edge-of-time");
    for (String since : List.of("0", "0.0000000", "103072857660.6846975")) {
      var answer = Api.get(path(empty) + "?since=" + since + "&limit=1", KEY_ONE);
      assertEquals(200, answer.status(), () -> since + ": " + answer);
      assertEquals(List.of(), answer.messages());
    }
    var tooLate = Api.get(path(empty) + "?since=103072857660.6846976", KEY_ONE);
    assertError(tooLate, 400, "since");
  }

  @Test
  void successBodiesAreJsonWithStatusOk() throws Exception {
    for (Api.Answer answer :
        List.of(
            Api.get("v1/" + APP_ONE + "?limit=1", KEY_ONE),
            Api.get(path(queue), KEY_ONE),
            Api.get(path(queue) + "/" + Ids.v1At(Ids.nowTicks()), KEY_ONE))) {
      assertEquals(200, answer.status(), answer::toString);
      assertEquals("application/json", answer.contentType().split(";")[0].trim());
      assertEquals("ok", answer.json().getString("status"));
    }
    var posted =
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            "ok?".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, posted.status(), posted::toString);
    assertEquals("application/json", posted.contentType().split(";")[0].trim());
  }

  @Test
  void deeplyNestedJsonIsA400NotA500() throws Exception {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    var create = Api.json("POST", "v1/" + APP_ONE, KEY_ONE, "{\"principles\": " + nested + "}");
    assertError(create, 400);
    assertNothingLeaks(create);
    var batch =
        Api.json(
            "POST",
            path(queue),
            KEY_ONE,
            "{\"messages\": [{\"body\": \"b\", \"ttl\": " + nested + "}]}");
    assertError(batch, 400);
    assertNothingLeaks(batch);
  }

  @Test
  void numbersOfHugeMagnitudeAreA400NotA500() throws Exception {
    for (String number : List.of("1e999999999", "1e-999999999", "1e2147483647", "1e2147483648")) {
      assertError(
          Api.json("POST", "v1/" + APP_ONE, KEY_ONE, "{\"partitions\": " + number + "}"), 400);
      assertError(
          Api.json(
              "POST",
              path(queue),
              KEY_ONE,
              "{\"messages\": [{\"body\": \"b\", \"ttl\": " + number + "}]}"),
          400);
    }
    assertEquals(200, Api.get("health/live", null).status(), "the server is fine");
  }

  @Test
  void aContentTypeThatIsNoMediaTypeIsAJson400() throws Exception {
    for (String path : List.of(path(queue), "v1/" + APP_ONE, "no/such/path")) {
      var answer =
          Api.raw(
              "POST",
              path,
              Api.application(KEY_ONE),
              Map.of("Content-Type", "not a media type"),
              "x".getBytes(StandardCharsets.UTF_8));
      assertError(answer, 400);
      assertNothingLeaks(answer);
    }
  }

  @Test
  void aPlainOptionsRequestAnswersNoBodyButJson() throws Exception {
    for (String path : List.of("v1/" + APP_ONE, path(queue))) {
      var answer = Api.raw("OPTIONS", path, Api.application(KEY_ONE), Map.of(), null);
      assertTrue(answer.status() >= 200 && answer.status() < 300, answer::toString);
      assertTrue(
          answer.body().isEmpty() || answer.contentType().startsWith("application/json"),
          () -> "no XML or text description of the API: " + answer.contentType() + " " + answer);
    }
  }
}
