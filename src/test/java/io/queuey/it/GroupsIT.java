package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.APP_TWO;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static io.queuey.it.Api.assertDenied;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md, Consumer groups, call by call against the packaged WAR and the test Cassandra: the
 * settings, each mode's promise in one JVM (the fault tests prove them across crashes), ordered
 * groups, dead letters, partitions, seeks, long polls, errors and permissions.
 */
@ExtendWith(QueueyServer.class)
class GroupsIT {

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String groups(String queue) {
    return "v1/" + APP_ONE + "/" + queue + "/groups";
  }

  private static String group(String queue, String group) {
    return groups(queue) + "/" + group;
  }

  private static Api.Answer createGroup(String queue, Map<String, String> fields) throws Exception {
    return Api.form("POST", groups(queue), KEY_ONE, fields);
  }

  private static String newGroup(String queue, Map<String, String> fields) throws Exception {
    var all = new LinkedHashMap<String, String>(fields);
    all.putIfAbsent("group_name", Api.uniqueName("g"));
    var answer = createGroup(queue, all);
    assertEquals(201, answer.status(), () -> "the group is created: " + answer);
    return answer.json().getString("group_name");
  }

  private static List<JsonObject> claim(String queue, String group, String json) throws Exception {
    var answer = Api.json("POST", group(queue, group) + "/claim", KEY_ONE, json);
    assertEquals(200, answer.status(), () -> "claim: " + answer);
    assertEquals("ok", answer.json().getString("status"));
    return answer.messages();
  }

  private static JsonObject settle(String queue, String group, String call, String json)
      throws Exception {
    var answer = Api.json("POST", group(queue, group) + "/" + call, KEY_ONE, json);
    assertEquals(200, answer.status(), () -> call + ": " + answer);
    return answer.json();
  }

  private static String receipts(JsonObject... deliveries) {
    var array = jakarta.json.Json.createArrayBuilder();
    for (JsonObject delivery : deliveries) {
      array.add(delivery.getString("receipt"));
    }
    return jakarta.json.Json.createObjectBuilder().add("receipts", array).build().toString();
  }

  private static List<String> ids(List<JsonObject> deliveries) {
    var ids = new ArrayList<String>();
    deliveries.forEach(delivery -> ids.add(delivery.getString("message_id")));
    return ids;
  }

  // --- management ---------------------------------------------------------------------------

  @Test
  void aGroupIsCreatedWithTheDefaultsOfTheContract() throws Exception {
    String queue = queues.create("grp");
    var answer = createGroup(queue, Map.of());
    assertEquals(201, answer.status(), () -> "created: " + answer);
    JsonObject json = answer.json();
    assertEquals("ok", json.getString("status"));
    assertEquals(32, json.getString("group_name").length(), "a random UUID4 as 32 hex digits");
    assertEquals("at_least_once", json.getString("mode"));
    assertEquals(30, json.getInt("visibility"));
    assertEquals(0, json.getInt("max_deliveries"));
    assertEquals(JsonValue.NULL, json.get("dead_letter_queue"));
    assertFalse(json.getBoolean("ordered"));
    assertTrue(json.getJsonNumber("created").longValue() > 1_700_000_000L);
  }

  @Test
  void aGroupIsCreatedFromJsonWithEverySetting() throws Exception {
    String queue = queues.create("grp");
    String dlq = queues.create("dlq");
    var answer =
        Api.json(
            "POST",
            groups(queue),
            KEY_ONE,
            "{\"group_name\":\"workers\",\"mode\":\"exactly_once\",\"visibility\":60,"
                + "\"max_deliveries\":5,\"dead_letter_queue\":\""
                + dlq
                + "\",\"ordered\":true,\"start\":\"earliest\"}");
    assertEquals(201, answer.status(), () -> "created: " + answer);
    JsonObject json = answer.json();
    assertEquals("workers", json.getString("group_name"));
    assertEquals("exactly_once", json.getString("mode"));
    assertEquals(60, json.getInt("visibility"));
    assertEquals(5, json.getInt("max_deliveries"));
    assertEquals(dlq, json.getString("dead_letter_queue"));
    assertTrue(json.getBoolean("ordered"));
  }

  @Test
  void badSettingsAreRejectedByTheirParameter() throws Exception {
    String queue = queues.create("grp");
    assertError(createGroup(queue, Map.of("mode", "twice")), 400, "mode");
    assertError(createGroup(queue, Map.of("visibility", "0")), 400, "visibility");
    assertError(createGroup(queue, Map.of("visibility", "43201")), 400, "visibility");
    assertError(createGroup(queue, Map.of("max_deliveries", "1001")), 400, "max_deliveries");
    assertError(createGroup(queue, Map.of("ordered", "maybe")), 400, "ordered");
    assertError(createGroup(queue, Map.of("start", "yesterday")), 400, "start");
    assertError(createGroup(queue, Map.of("group_name", "no spaces")), 400, "group_name");
    assertError(
        createGroup(queue, Map.of("dead_letter_queue", "nonexistent-q")), 400, "dead_letter_queue");
    assertError(createGroup(queue, Map.of("dead_letter_queue", queue)), 400, "dead_letter_queue");
    var several = createGroup(queue, Map.of("mode", "x", "visibility", "-1"));
    assertError(several, 400, "mode", "visibility");
  }

  @Test
  void anExistingNameIsABadGroupName() throws Exception {
    String queue = queues.create("grp");
    String name = newGroup(queue, Map.of());
    assertError(createGroup(queue, Map.of("group_name", name)), 400, "group_name");
  }

  @Test
  void groupsAreListedShownUpdatedAndDeleted() throws Exception {
    String queue = queues.create("grp");
    String dlq = queues.create("dlq");
    String first = newGroup(queue, Map.of("group_name", "a-first"));
    String second = newGroup(queue, Map.of("group_name", "b-second", "mode", "at_most_once"));

    var list = Api.get(groups(queue), KEY_ONE);
    assertEquals(200, list.status(), list::toString);
    var names = new ArrayList<String>();
    list.json()
        .getJsonArray("groups")
        .getValuesAs(JsonObject.class)
        .forEach(g -> names.add(g.getString("group_name")));
    assertEquals(List.of(first, second), names);

    var one = Api.get(group(queue, first), KEY_ONE);
    assertEquals(200, one.status(), one::toString);
    JsonObject stats = one.json().getJsonObject("stats");
    assertEquals(0, stats.getInt("in_flight"));
    assertEquals(0, stats.getInt("dead"));
    assertEquals(JsonValue.NULL, stats.get("oldest_unacked_age"));
    assertEquals(JsonValue.NULL, stats.get("lag_seconds"));

    var updated =
        Api.form(
            "PUT",
            group(queue, first),
            KEY_ONE,
            Map.of("visibility", "90", "max_deliveries", "3", "dead_letter_queue", dlq));
    assertEquals(200, updated.status(), updated::toString);
    assertEquals(90, updated.json().getInt("visibility"));
    assertEquals(3, updated.json().getInt("max_deliveries"));
    assertEquals(dlq, updated.json().getString("dead_letter_queue"));
    assertEquals(90, Api.get(group(queue, first), KEY_ONE).json().getInt("visibility"));

    assertError(
        Api.form("PUT", group(queue, first), KEY_ONE, Map.of("mode", "exactly_once")), 400, "mode");
    assertError(
        Api.form("PUT", group(queue, "nope"), KEY_ONE, Map.of("visibility", "5")),
        404,
        "InvalidGroupName");

    assertEquals(200, Api.delete(group(queue, first), KEY_ONE).status());
    assertError(Api.get(group(queue, first), KEY_ONE), 404, "InvalidGroupName");
    assertError(Api.delete(group(queue, first), KEY_ONE), 404, "InvalidGroupName");
  }

  @Test
  void unknownGroupsAndQueuesAreNotFound() throws Exception {
    String queue = queues.create("grp");
    assertError(Api.get(group(queue, "missing"), KEY_ONE), 404, "InvalidGroupName");
    assertError(
        Api.json("POST", group(queue, "missing") + "/claim", KEY_ONE, "{}"),
        404,
        "InvalidGroupName");
    assertError(Api.get(group(queue, "x".repeat(51)), KEY_ONE), 404, "InvalidGroupName");
    assertError(
        Api.get(groups("no-such-queue-" + System.nanoTime()), KEY_ONE), 404, "InvalidQueueName");
  }

  @Test
  void deletingTheQueueDeletesItsGroups() throws Exception {
    String queue = queues.create("grp");
    newGroup(queue, Map.of("group_name", "doomed"));
    assertEquals(200, Api.delete("v1/" + APP_ONE + "/" + queue, KEY_ONE).status());
    assertError(Api.get(group(queue, "doomed"), KEY_ONE), 404, "InvalidQueueName");
    var again = Api.form("POST", "v1/" + APP_ONE, KEY_ONE, Map.of("queue_name", queue));
    assertEquals(201, again.status(), again::toString);
    assertEquals(0, Api.get(groups(queue), KEY_ONE).json().getJsonArray("groups").size());
    assertError(Api.get(group(queue, "doomed"), KEY_ONE), 404, "InvalidGroupName");
  }

  // --- at least once --------------------------------------------------------------------------

  @Test
  void atLeastOnceHandsOutEachMessageOnceWhileItsLeaseHolds() throws Exception {
    String queue = queues.create("alo");
    String g = newGroup(queue, Map.of());
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      posted.add(Api.postOk(APP_ONE, KEY_ONE, queue, "m" + i));
    }
    List<JsonObject> first = claim(queue, g, "{\"max\":2}");
    assertEquals(posted.subList(0, 2), ids(first), "in id order, max 2");
    JsonObject delivery = first.get(0);
    assertEquals("m0", delivery.getString("body"));
    assertEquals(1, delivery.getInt("partition"));
    assertEquals(1, delivery.getInt("deliveries"));
    assertFalse(delivery.getString("receipt").isEmpty());
    assertTrue(delivery.getString("lease_expires").matches("\\d+\\.\\d{7}"));
    assertNotNull(delivery.getString("timestamp"));

    List<JsonObject> second = claim(queue, g, "{\"max\":10}");
    assertEquals(posted.subList(2, 3), ids(second), "only the one not leased");
    assertEquals(List.of(), claim(queue, g, "{\"max\":10}"), "everything is leased");

    JsonObject acked = settle(queue, g, "ack", receipts(first.get(0), first.get(1)));
    assertEquals(2, acked.getInt("done"));
    assertEquals(0, acked.getJsonObject("failed").size());
    var stats = Api.get(group(queue, g), KEY_ONE).json().getJsonObject("stats");
    assertEquals(1, stats.getInt("in_flight"));
  }

  @Test
  void anUnacknowledgedMessageIsHandedOutAgainAfterItsLease() throws Exception {
    String queue = queues.create("alo");
    String g = newGroup(queue, Map.of());
    String id = Api.postOk(APP_ONE, KEY_ONE, queue, "again");
    JsonObject first = claim(queue, g, "{\"visibility\":1}").get(0);
    Thread.sleep(1500);
    List<JsonObject> again = claim(queue, g, "{}");
    assertEquals(List.of(id), ids(again));
    assertEquals(2, again.get(0).getInt("deliveries"));
    JsonObject stale = settle(queue, g, "ack", receipts(first));
    assertEquals(0, stale.getInt("done"));
    assertEquals("stale", stale.getJsonObject("failed").getString(first.getString("receipt")));
    assertEquals(1, settle(queue, g, "ack", receipts(again.get(0))).getInt("done"));
    Thread.sleep(1500);
    assertEquals(List.of(), claim(queue, g, "{}"), "an acknowledged message stays settled");
  }

  @Test
  void aReleasedMessageIsClaimableAgainAfterItsDelay() throws Exception {
    String queue = queues.create("alo");
    String g = newGroup(queue, Map.of());
    String id = Api.postOk(APP_ONE, KEY_ONE, queue, "back");
    JsonObject first = claim(queue, g, "{}").get(0);
    JsonObject released = settle(queue, g, "release", receipts(first));
    assertEquals(1, released.getInt("done"));
    List<JsonObject> again = claim(queue, g, "{}");
    assertEquals(List.of(id), ids(again));
    assertEquals(2, again.get(0).getInt("deliveries"));
    var delayed =
        Api.form(
            "POST",
            group(queue, g) + "/release",
            KEY_ONE,
            Map.of("receipts", again.get(0).getString("receipt"), "delay", "2"));
    assertEquals(1, delayed.json().getInt("done"), delayed::toString);
    assertEquals(List.of(), claim(queue, g, "{}"), "not before the delay");
    Thread.sleep(2500);
    assertEquals(List.of(id), ids(claim(queue, g, "{}")));
  }

  @Test
  void anExtendedLeaseHoldsLonger() throws Exception {
    String queue = queues.create("alo");
    String g = newGroup(queue, Map.of());
    Api.postOk(APP_ONE, KEY_ONE, queue, "long job");
    JsonObject first = claim(queue, g, "{\"visibility\":1}").get(0);
    var extended =
        Api.json(
            "POST",
            group(queue, g) + "/extend",
            KEY_ONE,
            "{\"receipts\":[\"" + first.getString("receipt") + "\"],\"visibility\":30}");
    assertEquals(1, extended.json().getInt("done"), extended::toString);
    Thread.sleep(1500);
    assertEquals(List.of(), claim(queue, g, "{}"), "the lease holds on");
    assertEquals(1, settle(queue, g, "ack", receipts(first)).getInt("done"));
  }

  @Test
  void receiptsOfOtherGroupsOrGarbageAreUnknown() throws Exception {
    String queue = queues.create("alo");
    String g = newGroup(queue, Map.of());
    String other = newGroup(queue, Map.of("start", "earliest"));
    Api.postOk(APP_ONE, KEY_ONE, queue, "x");
    JsonObject ofOther = claim(queue, other, "{}").get(0);
    var answer =
        settle(
            queue,
            g,
            "ack",
            "{\"receipts\":[\"garbage\",\"" + ofOther.getString("receipt") + "\"]}");
    assertEquals(0, answer.getInt("done"));
    assertEquals("unknown", answer.getJsonObject("failed").getString("garbage"));
    assertEquals("unknown", answer.getJsonObject("failed").getString(ofOther.getString("receipt")));
    assertError(Api.json("POST", group(queue, g) + "/ack", KEY_ONE, "{}"), 400, "receipts");
    assertError(Api.json("POST", group(queue, g) + "/ack", KEY_ONE, "[1"), 400, "body");
  }

  // --- exactly once and at most once ----------------------------------------------------------

  @Test
  void exactlyOnceAcceptsOnlyTheNewestReceiptAndNeverRedeliversADoneAck() throws Exception {
    String queue = queues.create("eo");
    String g = newGroup(queue, Map.of("mode", "exactly_once"));
    String id = Api.postOk(APP_ONE, KEY_ONE, queue, "once");
    JsonObject first = claim(queue, g, "{\"visibility\":1}").get(0);
    Thread.sleep(1500);
    JsonObject second = claim(queue, g, "{\"visibility\":1}").get(0);
    assertEquals(id, second.getString("message_id"));
    assertEquals(2, second.getInt("deliveries"));
    JsonObject staleAck = settle(queue, g, "ack", receipts(first));
    assertEquals("stale", staleAck.getJsonObject("failed").getString(first.getString("receipt")));
    assertEquals(1, settle(queue, g, "ack", receipts(second)).getInt("done"));
    Thread.sleep(1500);
    assertEquals(List.of(), claim(queue, g, "{}"), "a done ack is final");
    var stale = settle(queue, g, "extend", receipts(first));
    assertEquals(0, stale.getInt("done"));
  }

  @Test
  void anExactlyOnceAckOfManyReceiptsSettlesTheCurrentOnesAndNamesTheStaleOnes() throws Exception {
    String queue = queues.create("eom");
    String g = newGroup(queue, Map.of("mode", "exactly_once"));
    for (int i = 0; i < 4; i++) {
      Api.postOk(APP_ONE, KEY_ONE, queue, "m" + i);
    }
    List<JsonObject> first = claim(queue, g, "{\"max\":4,\"visibility\":1}");
    assertEquals(4, first.size());
    Thread.sleep(1500);
    List<JsonObject> second = claim(queue, g, "{\"max\":2,\"visibility\":60}");
    assertEquals(2, second.size());
    var releasedAgain = ids(second);
    var staleReceipts = new ArrayList<String>();
    first.stream()
        .filter(delivery -> releasedAgain.contains(delivery.getString("message_id")))
        .forEach(delivery -> staleReceipts.add(delivery.getString("receipt")));

    // One receipt per message, two of them replaced by a newer claim: the two others are done.
    JsonObject acked = settle(queue, g, "ack", receipts(first.toArray(JsonObject[]::new)));
    assertEquals(2, acked.getInt("done"), acked::toString);
    assertEquals(
        new java.util.HashSet<>(staleReceipts), acked.getJsonObject("failed").keySet(), "stale");
    staleReceipts.forEach(
        receipt -> assertEquals("stale", acked.getJsonObject("failed").getString(receipt)));
    // Old and new receipts of the same messages in one call: only the newest ones count.
    var all = new ArrayList<JsonObject>(first);
    all.addAll(second);
    JsonObject mixed = settle(queue, g, "ack", receipts(all.toArray(JsonObject[]::new)));
    assertEquals(4, mixed.getInt("done"), mixed::toString);
    assertEquals(new java.util.HashSet<>(staleReceipts), mixed.getJsonObject("failed").keySet());
    Thread.sleep(1500);
    assertEquals(List.of(), claim(queue, g, "{\"max\":10}"), "every message was acknowledged");
  }

  @Test
  void atMostOnceNeverHandsOutAMessageTwice() throws Exception {
    String queue = queues.create("amo");
    String g = newGroup(queue, Map.of("mode", "at_most_once", "visibility", "1"));
    String id = Api.postOk(APP_ONE, KEY_ONE, queue, "maybe");
    List<JsonObject> got = claim(queue, g, "{\"max\":5}");
    assertEquals(List.of(id), ids(got));
    assertEquals(JsonValue.NULL, got.get(0).get("receipt"));
    assertEquals(1, got.get(0).getInt("deliveries"));
    Thread.sleep(1500);
    assertEquals(List.of(), claim(queue, g, "{\"max\":5}"));
    assertError(
        Api.json("POST", group(queue, g) + "/ack", KEY_ONE, "{\"receipts\":[\"x\"]}"), 400, "mode");
    assertError(
        Api.json("POST", group(queue, g) + "/release", KEY_ONE, "{\"receipts\":[\"x\"]}"),
        400,
        "mode");
    assertError(
        Api.json("POST", group(queue, g) + "/extend", KEY_ONE, "{\"receipts\":[\"x\"]}"),
        400,
        "mode");
  }

  // --- start, seek, ordered, partitions, dead letters ---------------------------------------

  @Test
  void aGroupStartsAtTheLatestMessageUnlessToldOtherwise() throws Exception {
    String queue = queues.create("start");
    String before = Api.postOk(APP_ONE, KEY_ONE, queue, "before");
    String latest = newGroup(queue, Map.of());
    String earliest = newGroup(queue, Map.of("start", "earliest"));
    String byId = newGroup(queue, Map.of("start", before));
    String after = Api.postOk(APP_ONE, KEY_ONE, queue, "after");
    assertEquals(List.of(after), ids(claim(queue, latest, "{\"max\":10}")));
    assertEquals(List.of(before, after), ids(claim(queue, earliest, "{\"max\":10}")));
    assertEquals(List.of(before, after), ids(claim(queue, byId, "{\"max\":10}")));
  }

  @Test
  void aSeekHandsOutAgainAndMakesOldReceiptsStale() throws Exception {
    String queue = queues.create("seek");
    String g = newGroup(queue, Map.of("start", "earliest"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "one");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "two");
    List<JsonObject> got = claim(queue, g, "{\"max\":10}");
    assertEquals(List.of(one, two), ids(got));
    var seek = Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of("position", "earliest"));
    assertEquals(200, seek.status(), seek::toString);
    assertEquals(List.of(one, two), ids(claim(queue, g, "{\"max\":10}")));
    var stale = settle(queue, g, "ack", receipts(got.get(0)));
    assertEquals("stale", stale.getJsonObject("failed").getString(got.get(0).getString("receipt")));

    assertEquals(
        200, Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of("since", two)).status());
    assertEquals(List.of(two), ids(claim(queue, g, "{\"max\":10}")));
    assertEquals(
        200,
        Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of("position", "latest"))
            .status());
    assertEquals(List.of(), claim(queue, g, "{\"max\":10}"));
    assertError(Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of()), 400, "since");
    assertError(
        Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of("position", "middle")),
        400,
        "position");
    assertError(
        Api.form("POST", group(queue, g) + "/seek", KEY_ONE, Map.of("since", "not-a-time")),
        400,
        "since");
  }

  @Test
  void anOrderedGroupHoldsBackLaterMessagesWhileAnEarlierOneIsLeased() throws Exception {
    String queue = queues.create("fifo");
    String g = newGroup(queue, Map.of("ordered", "true"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "one");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "two");
    JsonObject first = claim(queue, g, "{}").get(0);
    assertEquals(one, first.getString("message_id"));
    assertEquals(List.of(), claim(queue, g, "{}"), "two waits for one");
    settle(queue, g, "ack", receipts(first));
    assertEquals(List.of(two), ids(claim(queue, g, "{}")));
  }

  @Test
  void claimsTakeThePartitionsAskedFor() throws Exception {
    String queue = queues.create("parts", Map.of("partitions", "3"));
    String g = newGroup(queue, Map.of());
    String inTwo = Api.postOk(APP_ONE, KEY_ONE, queue, "two", 2).getString("key");
    Api.postOk(APP_ONE, KEY_ONE, queue, "three", 3);
    List<JsonObject> got = claim(queue, g, "{\"partitions\":\"2\",\"max\":10}");
    assertEquals(List.of(inTwo), ids(got));
    assertEquals(2, got.get(0).getInt("partition"));
    assertEquals(1, claim(queue, g, "{\"max\":10}").size(), "the rest: partition 3");
    assertError(
        Api.json("POST", group(queue, g) + "/claim", KEY_ONE, "{\"partitions\":\"4\"}"),
        400,
        "partitions");
  }

  @Test
  void badClaimParametersAreRejected() throws Exception {
    String queue = queues.create("bad");
    String g = newGroup(queue, Map.of());
    String claim = group(queue, g) + "/claim";
    assertError(Api.json("POST", claim, KEY_ONE, "{\"max\":0}"), 400, "max");
    assertError(Api.json("POST", claim, KEY_ONE, "{\"max\":1001}"), 400, "max");
    assertError(Api.json("POST", claim, KEY_ONE, "{\"wait\":21}"), 400, "wait");
    assertError(Api.json("POST", claim, KEY_ONE, "{\"visibility\":0}"), 400, "visibility");
    assertError(
        Api.raw("POST", claim + "?max=abc", Api.application(KEY_ONE), Map.of(), null), 400, "max");
  }

  @Test
  void aMessageHandedOutMaxDeliveriesTimesGoesToTheDeadLetterQueueOnce() throws Exception {
    String queue = queues.create("poison");
    String dlq = queues.create("dead");
    String g =
        newGroup(queue, Map.of("max_deliveries", "2", "visibility", "1", "dead_letter_queue", dlq));
    Api.postOk(APP_ONE, KEY_ONE, queue, "poison pill");
    assertEquals(1, claim(queue, g, "{}").get(0).getInt("deliveries"));
    Thread.sleep(1200);
    assertEquals(2, claim(queue, g, "{}").get(0).getInt("deliveries"));
    Thread.sleep(1200);
    assertEquals(List.of(), claim(queue, g, "{}"), "dead, not handed out again");
    assertEquals(List.of(), claim(queue, g, "{}"));
    var stats = Api.get(group(queue, g), KEY_ONE).json().getJsonObject("stats");
    assertEquals(1, stats.getInt("dead"));
    List<String> dead = List.of();
    for (int i = 0; i < 20 && dead.isEmpty(); i++) {
      dead = Api.get("v1/" + APP_ONE + "/" + dlq, KEY_ONE).bodies();
      if (dead.isEmpty()) {
        Thread.sleep(100);
      }
    }
    assertEquals(List.of("poison pill"), dead);
  }

  @Test
  void statsTellTheLagAndTheOldestUnacknowledged() throws Exception {
    String queue = queues.create("stats");
    String g = newGroup(queue, Map.of("start", "earliest"));
    Api.postOk(APP_ONE, KEY_ONE, queue, "a");
    Api.postOk(APP_ONE, KEY_ONE, queue, "b");
    var before = Api.get(group(queue, g), KEY_ONE).json().getJsonObject("stats");
    assertTrue(before.getJsonNumber("lag_seconds").longValue() >= 0);
    claim(queue, g, "{\"max\":1}");
    var after = Api.get(group(queue, g), KEY_ONE).json().getJsonObject("stats");
    assertEquals(1, after.getInt("in_flight"));
    assertTrue(after.getJsonNumber("oldest_unacked_age").longValue() >= 0);
    assertTrue(after.getJsonNumber("lag_seconds").longValue() >= 0, "b is not handed out yet");
  }

  @Test
  void aWaitingClaimAnswersAsSoonAsAMessageArrives() throws Exception {
    String queue = queues.create("poll");
    String g = newGroup(queue, Map.of());
    var poster =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                Api.postOk(APP_ONE, KEY_ONE, queue, "news");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    poster.start();
    long started = System.nanoTime();
    List<JsonObject> got = claim(queue, g, "{\"wait\":20}");
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    poster.join();
    assertEquals(1, got.size(), "the message posted while waiting");
    assertTrue(seconds < 15, "answered well before wait ended, not at its end: " + seconds);
  }

  @Test
  void aWaitingClaimOnAnEmptyGroupAnswersEmptyWhenTheWaitEnds() throws Exception {
    String queue = queues.create("poll");
    String g = newGroup(queue, Map.of());
    assertEquals(List.of(), claim(queue, g, "{\"wait\":1}"));
  }

  // --- permissions --------------------------------------------------------------------------

  @Test
  void onlyTheOwnerManagesGroupsAndNobodyAnonymousConsumes() throws Exception {
    String queue = queues.create("perm", Map.of("type", "public"));
    String g = newGroup(queue, Map.of());
    assertDenied(Api.form("POST", groups(queue), KEY_TWO, Map.of()));
    assertDenied(Api.form("POST", groups(queue), null, Map.of()));
    assertDenied(Api.form("PUT", group(queue, g), KEY_TWO, Map.of("visibility", "5")));
    assertDenied(Api.delete(group(queue, g), KEY_TWO));
    assertDenied(Api.json("POST", group(queue, g) + "/claim", null, "{}"));
    assertDenied(Api.json("POST", group(queue, g) + "/claim", KEY_TWO, "{}"));
    assertDenied(Api.json("POST", group(queue, g) + "/ack", null, "{\"receipts\":[\"x\"]}"));
    assertDenied(Api.form("POST", group(queue, g) + "/seek", null, Map.of("position", "latest")));
    assertDenied(Api.get(groups(queue), null));
    assertError(
        Api.raw("POST", group(queue, g) + "/claim", "Application wrong-key", Map.of(), null),
        401,
        "InvalidApplicationKey");
  }

  @Test
  void onAQueueWithPrinciplesOnlyThePrinciplesConsume() throws Exception {
    String queue = queues.create("perm", Map.of("principles", "app:" + APP_TWO));
    String g = newGroup(queue, Map.of("start", "earliest"));
    Api.postOk(APP_ONE, KEY_ONE, queue, "for two");
    assertDenied(Api.json("POST", group(queue, g) + "/claim", KEY_ONE, "{}"));
    var claimed = Api.json("POST", group(queue, g) + "/claim", KEY_TWO, "{}");
    assertEquals(200, claimed.status(), claimed::toString);
    assertEquals(1, claimed.messages().size());
    String receipt = claimed.messages().get(0).getString("receipt");
    var acked =
        Api.json("POST", group(queue, g) + "/ack", KEY_TWO, "{\"receipts\":[\"" + receipt + "\"]}");
    assertEquals(1, acked.json().getInt("done"), acked::toString);
    assertDenied(Api.form("POST", groups(queue), KEY_TWO, Map.of()));
    assertEquals(200, Api.get(group(queue, g), KEY_TWO).status(), "a consumer sees the group");
  }
}
