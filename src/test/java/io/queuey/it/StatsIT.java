package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static io.queuey.it.Api.assertDenied;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The traffic stats of queues and applications (README: Web console, API extensions). */
@ExtendWith(QueueyServer.class)
class StatsIT {

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String stats(String queue) {
    return "v1/" + APP_ONE + "/" + queue + "/stats";
  }

  private static long sum(JsonObject stats, String field) {
    return stats.getJsonArray("series").getValuesAs(JsonObject.class).stream()
        .mapToLong(interval -> interval.getJsonNumber(field).longValue())
        .sum();
  }

  private static void postThree(String queue) throws Exception {
    var batch = Api.batch(List.of(Map.of("body", "a"), Map.of("body", "b"), Map.of("body", "c")));
    assertEquals(201, Api.json("POST", "v1/" + APP_ONE + "/" + queue, KEY_ONE, batch).status());
  }

  @Test
  void postedAndReadMessagesAreCountedInTheQueuesStats() throws Exception {
    String queue = queues.create("stats-count");
    postThree(queue);
    assertEquals(3, Api.get("v1/" + APP_ONE + "/" + queue, KEY_ONE).messages().size());

    var answer = Api.get(stats(queue), KEY_ONE);

    assertEquals(200, answer.status(), answer::toString);
    JsonObject json = answer.json();
    assertEquals("ok", json.getString("status"));
    assertEquals(queue, json.getString("queue_name"));
    assertEquals(10, json.getInt("interval_seconds"));
    assertEquals(300, json.getInt("window_seconds"));
    assertEquals(30, json.getJsonArray("series").size());
    assertEquals(3, sum(json, "posted"), answer::toString);
    assertEquals(3, sum(json, "read"), answer::toString);
    assertTrue(json.get("posted_per_second") instanceof JsonNumber, answer::toString);
    List<JsonObject> series = json.getJsonArray("series").getValuesAs(JsonObject.class);
    long first = series.get(0).getJsonNumber("time").longValue();
    long last = series.get(29).getJsonNumber("time").longValue();
    assertEquals(290, last - first, "oldest first, 10 s apart");
    long now = System.currentTimeMillis() / 1000;
    assertTrue(last <= now && last > now - 60, () -> "the last interval is the current one");
  }

  @Test
  void claimedMessagesAreCountedAsRead() throws Exception {
    String queue = queues.create("stats-claim");
    postThree(queue);
    String groups = "v1/" + APP_ONE + "/" + queue + "/groups";
    var created = Api.form("POST", groups, KEY_ONE, Map.of("group_name", "g", "start", "earliest"));
    assertEquals(201, created.status(), created::toString);

    var claimed = Api.json("POST", groups + "/g/claim", KEY_ONE, "{\"max\": 10}");

    assertEquals(3, claimed.messages().size(), claimed::toString);
    assertEquals(3, sum(Api.get(stats(queue), KEY_ONE).json(), "read"));
  }

  @Test
  void theApplicationsStatsSumItsQueuesAndListTheBusiest() throws Exception {
    String busy = queues.create("stats-busy");
    String quiet = queues.create("stats-quiet");
    postThree(busy);
    postThree(busy);
    postThree(quiet);

    var answer = Api.get("v1/" + APP_ONE + "/~stats", KEY_ONE);

    assertEquals(200, answer.status(), answer::toString);
    JsonObject json = answer.json();
    assertEquals(APP_ONE, json.getString("application"));
    assertTrue(sum(json, "posted") >= 9, answer::toString);
    List<String> names =
        json.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
            .map(entry -> entry.getString("queue_name"))
            .toList();
    assertTrue(names.contains(busy) && names.contains(quiet), answer::toString);
    assertTrue(names.indexOf(busy) < names.indexOf(quiet), "the busiest first: " + names);
    JsonObject ofBusy =
        json.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
            .filter(entry -> entry.getString("queue_name").equals(busy))
            .findFirst()
            .orElseThrow();
    assertEquals(6, ofBusy.getJsonNumber("posted").longValue());
  }

  @Test
  void statsAreForThoseWhoMayReadTheQueue() throws Exception {
    String restricted = queues.create("stats-private");
    String open = queues.create("stats-public", Map.of("type", "public"));

    assertDenied(Api.get(stats(restricted), null));
    assertDenied(Api.get(stats(restricted), KEY_TWO));
    assertEquals(200, Api.get(stats(open), null).status());
    assertDenied(Api.get("v1/" + APP_ONE + "/~stats", null));
    assertDenied(Api.get("v1/" + APP_ONE + "/~stats", KEY_TWO));
  }

  @Test
  void statsOfAnUnknownQueueOrApplicationAreNotFound() throws Exception {
    assertError(Api.get(stats(Api.uniqueName("missing")), KEY_ONE), 404, "InvalidQueueName");
    assertEquals(404, Api.get("v1/no-such-app/~stats", KEY_ONE).status());
  }

  @Test
  void aQueueNamedStatsIsStillReadAtItsOwnPath() throws Exception {
    var created = Api.form("POST", "v1/" + APP_ONE, KEY_ONE, Map.of("queue_name", "stats"));
    assertTrue(created.status() == 201 || created.status() == 400, created::toString);
    queues.track(APP_ONE, KEY_ONE, "stats");
    String id = Api.postOk(APP_ONE, KEY_ONE, "stats", "hello");

    var read = Api.get("v1/" + APP_ONE + "/stats", KEY_ONE);

    assertEquals(200, read.status(), read::toString);
    assertTrue(read.messageIds().contains(id), read::toString);
  }
}
