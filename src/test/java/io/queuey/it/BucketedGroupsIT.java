package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consumer groups over messages spread across many time buckets (PUT with ids hours apart, as the
 * benchmark's scale phase writes them), against the packaged WAR and the test Cassandra: the
 * delivery state lives per bucket, and claims, acks, redeliveries, ordered groups and stats work
 * across them.
 */
@ExtendWith(QueueyServer.class)
class BucketedGroupsIT {

  private static final long TICKS_PER_HOUR = 3600L * 10_000_000L;

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String group(String queue, String group) {
    return "v1/" + APP_ONE + "/" + queue + "/groups/" + group;
  }

  private static String newGroup(String queue, String fields) throws Exception {
    String name = Api.uniqueName("g");
    var answer =
        Api.json(
            "POST",
            "v1/" + APP_ONE + "/" + queue + "/groups",
            KEY_ONE,
            "{\"group_name\":\"" + name + "\",\"start\":\"earliest\"" + fields + "}");
    assertEquals(201, answer.status(), () -> "the group is created: " + answer);
    return name;
  }

  /**
   * Messages in partition 1, {@code hours[i]} hours (and i tenths of a second) old, oldest first.
   */
  private static List<String> putAged(String queue, double... hours) throws Exception {
    long now = Ids.nowTicks();
    var ids = new ArrayList<String>();
    for (int i = 0; i < hours.length; i++) {
      String id = Ids.v1At(now - (long) (hours[i] * TICKS_PER_HOUR) + i * 1_000_000L);
      var answer =
          Api.raw(
              "PUT",
              "v1/" + APP_ONE + "/" + queue + "/1:" + id,
              Api.application(KEY_ONE),
              Map.of("Content-Type", "text/plain; charset=utf-8", "X-TTL", "172800"),
              ("aged " + i).getBytes(StandardCharsets.UTF_8));
      assertEquals(200, answer.status(), answer::toString);
      ids.add(id);
    }
    return ids;
  }

  private static List<JsonObject> claim(String queue, String group, String json) throws Exception {
    var answer = Api.json("POST", group(queue, group) + "/claim", KEY_ONE, json);
    assertEquals(200, answer.status(), () -> "claim: " + answer);
    return answer.messages();
  }

  private static void ack(String queue, String group, List<JsonObject> deliveries)
      throws Exception {
    if (deliveries.isEmpty()) {
      return;
    }
    var receipts = Json.createArrayBuilder();
    deliveries.forEach(delivery -> receipts.add(delivery.getString("receipt")));
    var answer =
        Api.json(
            "POST",
            group(queue, group) + "/ack",
            KEY_ONE,
            Json.createObjectBuilder().add("receipts", receipts).build().toString());
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(deliveries.size(), answer.json().getInt("done"), answer::toString);
  }

  private static List<String> ids(List<JsonObject> deliveries) {
    return deliveries.stream().map(delivery -> delivery.getString("message_id")).toList();
  }

  /** Sleeps until a little after the delivery's lease expires. */
  private static void sleepPast(JsonObject delivery) throws InterruptedException {
    double expires = Double.parseDouble(delivery.getString("lease_expires"));
    long millis = (long) (expires * 1000) - System.currentTimeMillis() + 300;
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static JsonObject stats(String queue, String group) throws Exception {
    return Api.get(group(queue, group), KEY_ONE).json().getJsonObject("stats");
  }

  @Test
  void aGroupClaimsEveryMessageOnceAcrossBucketsAndRedeliversAnExpiredLeaseOfAnOlderOne()
      throws Exception {
    String queue = queues.create("bkt");
    List<String> stored = putAged(queue, 20, 9, 5, 5, 3, 2);
    for (String mode : List.of("at_least_once", "exactly_once")) {
      String g = newGroup(queue, ",\"mode\":\"" + mode + "\"");
      List<JsonObject> first = claim(queue, g, "{\"max\":1,\"visibility\":6}");
      assertEquals(stored.subList(0, 1), ids(first), mode);
      var claimed = new ArrayList<String>();
      for (int round = 0; round < 20 && claimed.size() < stored.size() - 1; round++) {
        List<JsonObject> delivered = claim(queue, g, "{\"max\":10,\"visibility\":60}");
        claimed.addAll(ids(delivered));
        ack(queue, g, delivered);
      }
      assertEquals(stored.subList(1, stored.size()), claimed, mode + ": each once, in order");
      assertEquals(
          List.of(), claim(queue, g, "{\"max\":10}"), mode + ": the older lease still holds");
      assertEquals(1, stats(queue, g).getInt("in_flight"), mode);

      sleepPast(first.get(0));
      List<JsonObject> again = claim(queue, g, "{\"max\":10}");
      assertEquals(stored.subList(0, 1), ids(again), mode + ": expired in the oldest bucket");
      assertEquals(2, again.get(0).getInt("deliveries"));
      ack(queue, g, again);
      assertEquals(List.of(), claim(queue, g, "{\"max\":10}"), mode + ": all acknowledged");
      JsonObject stats = stats(queue, g);
      assertEquals(0, stats.getInt("in_flight"), mode);
      assertEquals(JsonValue.NULL, stats.get("lag_seconds"), mode);
      assertEquals(JsonValue.NULL, stats.get("oldest_unacked_age"), mode);
    }
  }

  @Test
  void anOrderedGroupKeepsItsOrderAcrossBuckets() throws Exception {
    String queue = queues.create("bkt");
    List<String> stored = putAged(queue, 7, 4, 4, 1);
    String g = newGroup(queue, ",\"ordered\":true");
    var claimed = new ArrayList<String>();
    for (int round = 0; round < 10 && claimed.size() < stored.size(); round++) {
      List<JsonObject> delivered = claim(queue, g, "{\"max\":10}");
      assertTrue(delivered.size() <= 2, "a claim stays in one bucket");
      assertEquals(List.of(), claim(queue, g, "{\"max\":10}"), "held up by its own leases");
      claimed.addAll(ids(delivered));
      ack(queue, g, delivered);
    }
    assertEquals(stored, claimed);
  }

  @Test
  void statsCountInFlightDeadAndLagOverBuckets() throws Exception {
    String queue = queues.create("bkt");
    putAged(queue, 10, 6, 3);
    String g = newGroup(queue, ",\"max_deliveries\":1");
    List<JsonObject> first = claim(queue, g, "{\"max\":1,\"visibility\":4}");
    assertEquals(1, first.size());
    assertEquals(1, claim(queue, g, "{\"max\":1,\"visibility\":60}").size());
    JsonObject stats = stats(queue, g);
    assertEquals(2, stats.getInt("in_flight"));
    assertTrue(stats.getJsonNumber("oldest_unacked_age").longValue() >= 10 * 3600 - 60, "" + stats);
    long lag = stats.getJsonNumber("lag_seconds").longValue();
    assertTrue(lag >= 3 * 3600 - 60 && lag < 4 * 3600, "the third bucket waits: " + stats);

    sleepPast(first.get(0));
    // The first lease expired at its one delivery: a claim declares it dead (there is no
    // dead-letter queue), this one or the next hands out the third message.
    var third = new ArrayList<JsonObject>();
    for (int round = 0; round < 3 && third.isEmpty(); round++) {
      third.addAll(claim(queue, g, "{\"max\":10}"));
    }
    assertEquals(1, third.size());
    stats = stats(queue, g);
    assertEquals(1, stats.getInt("dead"), "" + stats);
    assertEquals(2, stats.getInt("in_flight"), "" + stats);
    assertEquals(JsonValue.NULL, stats.get("lag_seconds"));
  }
}
