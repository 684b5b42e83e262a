package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CORS for browsers (README: "from services and from browsers"): preflights need no credentials,
 * and every answer, errors included, may be read by the page.
 */
@ExtendWith(QueueyServer.class)
class CorsIT {

  private static final String ORIGIN = "https://page.example.com";
  private static final TestQueues queues = new TestQueues();
  private static String queue;

  @BeforeAll
  static void createQueue() throws Exception {
    queue = queues.create("cors", Map.of("type", "public"));
  }

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String name) {
    return "v1/" + APP_ONE + "/" + name;
  }

  private static Api.Answer preflight(String path, String method, String headers) throws Exception {
    return Api.raw(
        "OPTIONS",
        path,
        null,
        Map.of(
            "Origin", ORIGIN,
            "Access-Control-Request-Method", method,
            "Access-Control-Request-Headers", headers),
        null);
  }

  /** The comma-separated values of a header, in lower case. */
  private static Set<String> values(Api.Answer answer, String header) {
    String value = answer.header(header);
    assertNotNull(value, () -> header + " is present: " + answer.raw().headers().map());
    return Arrays.stream(value.split(","))
        .map(entry -> entry.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  private static void assertOriginAllowed(Api.Answer answer) {
    String allowed = answer.header("Access-Control-Allow-Origin");
    assertTrue(
        "*".equals(allowed) || ORIGIN.equals(allowed),
        () -> "the page may read the answer: " + allowed + " on " + answer);
  }

  @Test
  void aPreflightOnEveryApiPathIsAnsweredWithoutCredentials() throws Exception {
    String id = Ids.v1At(Ids.nowTicks());
    List<String[]> asked =
        List.of(
            new String[] {"v1/" + APP_ONE, "GET"},
            new String[] {"v1/" + APP_ONE, "POST"},
            new String[] {path(queue), "POST"},
            new String[] {path(queue), "PUT"},
            new String[] {path(queue), "DELETE"},
            new String[] {path(queue) + "/" + id, "PUT"},
            new String[] {path(queue) + "/" + id, "DELETE"},
            new String[] {path(queue) + "/2%3A" + id + "," + id, "GET"},
            new String[] {path(Api.uniqueName("no-such-queue")), "POST"});
    for (String[] call : asked) {
      var answer = preflight(call[0], call[1], "authorization, content-type, x-ttl, x-partition");
      assertTrue(
          answer.status() >= 200 && answer.status() < 300,
          () -> "preflight of " + call[1] + " " + call[0] + ": " + answer);
      assertOriginAllowed(answer);
      assertTrue(
          values(answer, "Access-Control-Allow-Methods")
              .contains(call[1].toLowerCase(Locale.ROOT)));
      assertTrue(
          values(answer, "Access-Control-Allow-Headers")
              .containsAll(Set.of("authorization", "content-type", "x-ttl", "x-partition")),
          () -> answer.header("Access-Control-Allow-Headers"));
    }
  }

  @Test
  void aPreflightAllowsEveryMethodOfTheApi() throws Exception {
    var answer = preflight(path(queue), "PUT", "content-type");
    assertTrue(
        values(answer, "Access-Control-Allow-Methods")
            .containsAll(Set.of("get", "post", "put", "delete")));
  }

  @Test
  void aPreflightIsNotRejectedForAnInvalidKeyItDoesNotCarry() throws Exception {
    // Browsers never send credentials on a preflight; a stale Authorization is ignored too.
    var answer =
        Api.raw(
            "OPTIONS",
            "v1/" + APP_ONE,
            Api.application("not-a-key"),
            Map.of("Origin", ORIGIN, "Access-Control-Request-Method", "GET"),
            null);
    assertTrue(answer.status() >= 200 && answer.status() < 300, answer::toString);
    assertOriginAllowed(answer);
  }

  @Test
  void actualAnswersAllowTheOriginAndExposeRetryAfter() throws Exception {
    var read = Api.raw("GET", path(queue), null, Map.of("Origin", ORIGIN), null);
    assertEquals(200, read.status(), read::toString);
    assertOriginAllowed(read);
    assertTrue(values(read, "Access-Control-Expose-Headers").contains("retry-after"));

    var posted =
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of("Origin", ORIGIN, "Content-Type", "text/plain", "X-TTL", "60"),
            "from a page".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, posted.status(), posted::toString);
    assertOriginAllowed(posted);
    assertTrue(values(posted, "Access-Control-Expose-Headers").contains("retry-after"));
  }

  @Test
  void evenA401CarriesAllowOrigin() throws Exception {
    var answer =
        Api.raw("GET", path(queue), Api.application("bad-key"), Map.of("Origin", ORIGIN), null);
    assertEquals(401, answer.status(), answer::toString);
    assertOriginAllowed(answer);
    assertTrue(values(answer, "Access-Control-Expose-Headers").contains("retry-after"));
  }

  @Test
  void otherErrorsCarryAllowOriginToo() throws Exception {
    List<Api.Answer> errors =
        List.of(
            Api.raw(
                "GET", "v1/" + APP_ONE, Api.application(KEY_TWO), Map.of("Origin", ORIGIN), null),
            Api.raw("GET", "no/such/path", null, Map.of("Origin", ORIGIN), null),
            Api.raw("GET", path(queue) + "?limit=0", null, Map.of("Origin", ORIGIN), null),
            Api.raw("PATCH", path(queue), null, Map.of("Origin", ORIGIN), null));
    assertEquals(List.of(403, 404, 400, 405), errors.stream().map(Api.Answer::status).toList());
    errors.forEach(CorsIT::assertOriginAllowed);
  }
}
