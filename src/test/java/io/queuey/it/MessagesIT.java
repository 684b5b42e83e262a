package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API.md, Messages: post, read, fetch, overwrite and delete; ids and timestamps. */
@ExtendWith(QueueyServer.class)
class MessagesIT {

  private static final TestQueues queues = new TestQueues();
  private static final String TIMESTAMP = "[0-9]+\\.[0-9]{7}";
  private static final String MESSAGE_ID = "[0-9a-f]{12}1[0-9a-f]{3}[89ab][0-9a-f]{15}";

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String queue) {
    return "v1/" + APP_ONE + "/" + queue;
  }

  private static Api.Answer read(String queue, String query) throws Exception {
    var answer = Api.get(path(queue) + (query.isEmpty() ? "" : "?" + query), KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));
    return answer;
  }

  private static Api.Answer fetch(String queue, String ids) throws Exception {
    var answer = Api.get(path(queue) + "/" + ids, KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));
    return answer;
  }

  private static Api.Answer overwrite(
      String queue, String ids, String body, Map<String, String> headers) throws Exception {
    var all = new java.util.LinkedHashMap<String, String>();
    all.put("Content-Type", "text/plain; charset=utf-8");
    all.putAll(headers);
    return Api.raw(
        "PUT",
        path(queue) + "/" + ids,
        Api.application(KEY_ONE),
        all,
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts bodies one by one to a partition; answers the posted entries in order. */
  private static List<JsonObject> postAll(String queue, int partition, String... bodies)
      throws Exception {
    var posted = new ArrayList<JsonObject>();
    for (String body : bodies) {
      posted.add(Api.postOk(APP_ONE, KEY_ONE, queue, body, partition));
    }
    return posted;
  }

  private static List<String> keys(List<JsonObject> posted) {
    return posted.stream().map(entry -> entry.getString("key")).toList();
  }

  private static void assertTimestampOf(String key, JsonValue timestamp) {
    assertEquals(JsonValue.ValueType.STRING, timestamp.getValueType(), "a timestamp is a string");
    String text = ((jakarta.json.JsonString) timestamp).getString();
    assertTrue(text.matches(TIMESTAMP), () -> "seconds with 7 fractional digits: " + text);
    assertEquals(Ids.timestampOf(key), text, "the timestamp is the exact time of the id");
  }

  // --- posting ------------------------------------------------------------------------------

  @Test
  void postOfOneMessageAnswersItsKeyTimestampAndPartition() throws Exception {
    String queue = queues.create("post-one", Map.of("partitions", "3"));
    var answer =
        Api.postMessage(
            APP_ONE, KEY_ONE, queue, "hello", Map.of("X-TTL", "600", "X-Partition", "2"));
    assertEquals(201, answer.status(), answer::toString);
    assertTrue(answer.contentType().startsWith("application/json"));
    assertEquals("ok", answer.json().getString("status"));
    List<JsonObject> posted = answer.messages();
    assertEquals(1, posted.size());
    JsonObject entry = posted.get(0);
    String key = entry.getString("key");
    assertTrue(key.matches(MESSAGE_ID), () -> "a version-1 UUID as 32 lowercase hex: " + key);
    assertTimestampOf(key, entry.get("timestamp"));
    assertEquals(2, entry.getInt("partition"));
  }

  @Test
  void aPostedMessageIsReadBackWithItsIdTimestampBodyAndPartition() throws Exception {
    String queue = queues.create("read-back", Map.of("partitions", "3"));
    JsonObject posted = Api.postOk(APP_ONE, KEY_ONE, queue, "read me", 3);
    String key = posted.getString("key");

    JsonObject fetched = fetch(queue, "3:" + key).messages().get(0);
    assertEquals(key, fetched.getString("message_id"));
    assertEquals(posted.getString("timestamp"), fetched.getString("timestamp"));
    assertEquals(JsonValue.ValueType.STRING, fetched.get("timestamp").getValueType());
    assertEquals("read me", fetched.getString("body"));
    assertEquals(3, fetched.getInt("partition"));

    JsonObject read = read(queue, "partitions=3").messages().get(0);
    assertEquals(fetched, read, "a range read answers the same message");
  }

  @Test
  void aMessageBodyIsKeptExactly() throws Exception {
    String queue = queues.create("exact-body");
    String body = "grüße, 😀 \"quoted\" <b>bold</b> \\ back\nslash\ttab {\"json\": [1]}";
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, body);
    assertEquals(List.of(body), fetch(queue, key).bodies());
  }

  @Test
  void aFormEncodedBodyIsStoredAsTheMessageItself() throws Exception {
    String queue = queues.create("form-body");
    var answer =
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "a=b&c=d%20e".getBytes(StandardCharsets.UTF_8));
    String key = Api.posted(answer).get(0).getString("key");
    assertEquals(List.of("a=b&c=d%20e"), fetch(queue, key).bodies());
  }

  @Test
  void aMessageWithoutContentTypeIsStored() throws Exception {
    String queue = queues.create("no-type");
    var answer =
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of(),
            "untyped".getBytes(StandardCharsets.UTF_8));
    String key = Api.posted(answer).get(0).getString("key");
    assertEquals(List.of("untyped"), fetch(queue, key).bodies());
  }

  @Test
  void postWithoutPartitionPicksAPartitionOfTheQueue() throws Exception {
    String queue = queues.create("random-part", Map.of("partitions", "3"));
    for (int i = 0; i < 12; i++) {
      JsonObject entry =
          Api.posted(Api.postMessage(APP_ONE, KEY_ONE, queue, "m" + i, Map.of())).get(0);
      int partition = entry.getInt("partition");
      assertTrue(partition >= 1 && partition <= 3, () -> "partition within the queue: " + entry);
      assertEquals(
          List.of("m" + i), fetch(queue, partition + ":" + entry.getString("key")).bodies());
    }
    String single = queues.create("single-part");
    assertEquals(
        1,
        Api.posted(Api.postMessage(APP_ONE, KEY_ONE, single, "x", Map.of()))
            .get(0)
            .getInt("partition"));
  }

  @Test
  void successivePostsGetIncreasingDistinctIds() throws Exception {
    String queue = queues.create("increasing");
    List<String> keys = keys(postAll(queue, 1, "a", "b", "c", "d", "e"));
    assertEquals(5, new HashSet<>(keys).size());
    assertEquals(keys, read(queue, "").messageIds(), "read back in the order posted");
  }

  @Test
  void aBatchIsAnsweredInTheOrderSentWithKeysTimestampsAndPartitions() throws Exception {
    String queue = queues.create("batch", Map.of("partitions", "3"));
    String batch =
        Api.batch(
            List.of(
                Map.of("body", "first", "partition", 2),
                Map.of("body", "second", "ttl", 3600, "partition", 1),
                Map.of("body", "third", "ttl", 600, "partition", 3),
                Map.of("body", "fourth")));
    var answer = Api.json("POST", path(queue), KEY_ONE, batch);
    assertEquals(201, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));
    List<JsonObject> posted = answer.messages();
    assertEquals(4, posted.size());
    assertEquals(2, posted.get(0).getInt("partition"));
    assertEquals(1, posted.get(1).getInt("partition"));
    assertEquals(3, posted.get(2).getInt("partition"));
    int fourth = posted.get(3).getInt("partition");
    assertTrue(fourth >= 1 && fourth <= 3);
    assertEquals(4, new HashSet<>(keys(posted)).size(), "every message has its own key");
    List<String> bodies = List.of("first", "second", "third", "fourth");
    for (int i = 0; i < posted.size(); i++) {
      JsonObject entry = posted.get(i);
      String key = entry.getString("key");
      assertTrue(key.matches(MESSAGE_ID), key);
      assertTimestampOf(key, entry.get("timestamp"));
      var fetched = fetch(queue, entry.getInt("partition") + ":" + key);
      assertEquals(List.of(bodies.get(i)), fetched.bodies(), "answer " + i + " is message " + i);
    }
  }

  @Test
  void aBatchWithACharsetInItsContentTypeIsStillABatch() throws Exception {
    String queue = queues.create("batch-charset");
    var answer =
        Api.raw(
            "POST",
            path(queue),
            Api.application(KEY_ONE),
            Map.of("Content-Type", "application/json; charset=utf-8"),
            Api.batch(List.of(Map.of("body", "ä"), Map.of("body", "b")))
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(2, Api.posted(answer).size());
    assertEquals(List.of("ä", "b"), read(queue, "").bodies());
  }

  // --- reading ------------------------------------------------------------------------------

  @Test
  void readingAnEmptyQueueAnswersNoMessages() throws Exception {
    String queue = queues.create("empty");
    assertEquals(List.of(), read(queue, "").messages());
    assertEquals(List.of(), read(queue, "order=descending&limit=5").messages());
  }

  @Test
  void readAnswersAscendingByDefaultAndDescendingWhenAsked() throws Exception {
    String queue = queues.create("order");
    List<String> keys = keys(postAll(queue, 1, "one", "two", "three"));
    assertEquals(keys, read(queue, "").messageIds());
    assertEquals(keys, read(queue, "order=ascending").messageIds());
    assertEquals(List.of("three", "two", "one"), read(queue, "order=descending").bodies());
  }

  @Test
  void readSinceATimestampIsInclusive() throws Exception {
    String queue = queues.create("since-time");
    List<JsonObject> posted = postAll(queue, 1, "m1", "m2", "m3");
    String since = posted.get(1).getString("timestamp");
    assertEquals(List.of("m2", "m3"), read(queue, "since=" + since).bodies());
  }

  @Test
  void readSinceAnIdIsInclusive() throws Exception {
    String queue = queues.create("since-id");
    List<String> keys = keys(postAll(queue, 1, "m1", "m2", "m3"));
    assertEquals(keys.subList(1, 3), read(queue, "since=" + keys.get(1)).messageIds());
  }

  @Test
  void readSinceDescendingStartsAtThatMessageAndWalksBack() throws Exception {
    String queue = queues.create("since-desc");
    List<JsonObject> posted = postAll(queue, 1, "m1", "m2", "m3");
    String timestamp = posted.get(1).getString("timestamp");
    String key = posted.get(1).getString("key");
    assertEquals(List.of("m2", "m1"), read(queue, "order=descending&since=" + timestamp).bodies());
    assertEquals(List.of("m2", "m1"), read(queue, "order=descending&since=" + key).bodies());
  }

  @Test
  void timestampsRoundTripExactlyAsSince() throws Exception {
    String queue = queues.create("round-trip");
    List<JsonObject> posted = postAll(queue, 1, "t0", "t1", "t2", "t3", "t4", "t5");
    for (JsonObject entry : posted) {
      String timestamp = entry.getString("timestamp");
      List<JsonObject> read = read(queue, "since=" + timestamp + "&limit=1").messages();
      assertEquals(1, read.size());
      assertEquals(entry.getString("key"), read.get(0).getString("message_id"), timestamp);
      assertEquals(timestamp, read.get(0).getString("timestamp"), "the same string comes back");
    }
  }

  @Test
  void sinceJustAfterAMessagesTimeLeavesItOut() throws Exception {
    String queue = queues.create("since-after");
    List<JsonObject> posted = postAll(queue, 1, "m1", "m2", "m3");
    // One more digit than the 100-ns resolution: later than m2, not later than m3.
    String justAfter = posted.get(1).getString("timestamp") + "1";
    assertEquals(List.of("m3"), read(queue, "since=" + justAfter).bodies());
  }

  @Test
  void sinceWithFewerFractionalDigitsIsAccepted() throws Exception {
    String queue = queues.create("since-short");
    List<JsonObject> posted = postAll(queue, 1, "m1");
    String timestamp = posted.get(0).getString("timestamp");
    String wholeSeconds = timestamp.substring(0, timestamp.indexOf('.'));
    assertEquals(List.of("m1"), read(queue, "since=" + wholeSeconds).bodies());
    assertEquals(List.of("m1"), read(queue, "since=" + wholeSeconds + ".0").bodies());
  }

  @Test
  void limitAppliesPerPartitionAndPartitionsAreGroupedInTheOrderAsked() throws Exception {
    String queue = queues.create("per-part", Map.of("partitions", "3"));
    postAll(queue, 1, "a1", "a2", "a3");
    postAll(queue, 2, "b1", "b2", "b3");
    postAll(queue, 3, "c1");
    assertEquals(List.of("a1", "a2", "b1", "b2"), read(queue, "partitions=1,2&limit=2").bodies());
    assertEquals(
        List.of("b1", "b2", "b3", "a1", "a2", "a3"), read(queue, "partitions=2,1").bodies());
    assertEquals(
        List.of("c1", "a3", "a2", "b3", "b2"),
        read(queue, "partitions=3,1,2&limit=2&order=descending").bodies());
    List<JsonObject> grouped = read(queue, "partitions=2,3").messages();
    assertEquals(List.of(2, 2, 2, 3), grouped.stream().map(m -> m.getInt("partition")).toList());
  }

  @Test
  void readWithoutPartitionsReadsPartitionOne() throws Exception {
    String queue = queues.create("default-part", Map.of("partitions", "2"));
    postAll(queue, 2, "elsewhere");
    postAll(queue, 1, "here");
    assertEquals(List.of("here"), read(queue, "").bodies());
  }

  @Test
  void readWithALimitAnswersThatManyOldestFirst() throws Exception {
    String queue = queues.create("limit");
    postAll(queue, 1, "1", "2", "3", "4");
    assertEquals(List.of("1", "2", "3"), read(queue, "limit=3").bodies());
    assertEquals(List.of("1"), read(queue, "limit=1").bodies());
    assertEquals(List.of("4", "3"), read(queue, "limit=2&order=descending").bodies());
  }

  @Test
  void walkingForwardWithSinceVisitsEveryMessage() throws Exception {
    String queue = queues.create("walk");
    List<String> keys = keys(postAll(queue, 1, "w1", "w2", "w3", "w4", "w5"));
    var visited = new ArrayList<String>();
    String since = null;
    for (int step = 0; step < 10; step++) {
      List<String> page =
          read(queue, "limit=2" + (since == null ? "" : "&since=" + since)).messageIds();
      // since is inclusive: a page after the first starts with the last one already seen.
      List<String> fresh = since == null ? page : page.subList(1, page.size());
      if (fresh.isEmpty()) {
        break;
      }
      visited.addAll(fresh);
      since = page.get(page.size() - 1);
    }
    assertEquals(keys, visited);
  }

  // --- by id --------------------------------------------------------------------------------

  @Test
  void fetchAnswersTheListedMessagesAndLeavesOutUnknownIds() throws Exception {
    String queue = queues.create("fetch", Map.of("partitions", "2"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "in one", 1).getString("key");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "in two", 2).getString("key");
    String unknown = Ids.v1At(Ids.nowTicks());

    var answer = fetch(queue, one + ",2:" + two + "," + unknown);
    assertEquals(Set.of(one, two), new HashSet<>(answer.messageIds()));
    for (JsonObject message : answer.messages()) {
      assertEquals(
          message.getString("message_id").equals(one) ? 1 : 2, message.getInt("partition"));
      assertTimestampOf(message.getString("message_id"), message.get("timestamp"));
    }
    assertEquals(List.of(), fetch(queue, unknown).messages());
  }

  @Test
  void fetchAcceptsAUrlEncodedIdList() throws Exception {
    String queue = queues.create("fetch-encoded", Map.of("partitions", "2"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "in one", 1).getString("key");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "in two", 2).getString("key");
    assertEquals(
        Set.of(one, two), new HashSet<>(fetch(queue, "2%3A" + two + "," + one).messageIds()));
    assertEquals(
        Set.of(one, two), new HashSet<>(fetch(queue, "2%3A" + two + "%2C" + one).messageIds()));
    assertEquals(
        Set.of(one, two), new HashSet<>(fetch(queue, "1%3A" + one + "%2C2%3A" + two).messageIds()));
  }

  @Test
  void anIdWithoutAPartitionPrefixIsLookedUpInPartitionOne() throws Exception {
    String queue = queues.create("prefix", Map.of("partitions", "2"));
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "in two", 2).getString("key");
    assertEquals(List.of(), fetch(queue, two).messages());
    assertEquals(List.of(two), fetch(queue, "2:" + two).messageIds());
  }

  @Test
  void overwriteReplacesTheBodyAndKeepsIdTimestampAndPartition() throws Exception {
    String queue = queues.create("overwrite", Map.of("partitions", "2"));
    JsonObject posted = Api.postOk(APP_ONE, KEY_ONE, queue, "before", 2);
    String key = posted.getString("key");

    var answer = overwrite(queue, "2:" + key, "after", Map.of());
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));

    JsonObject fetched = fetch(queue, "2:" + key).messages().get(0);
    assertEquals("after", fetched.getString("body"));
    assertEquals(posted.getString("timestamp"), fetched.getString("timestamp"));
    assertEquals(2, fetched.getInt("partition"));
    assertEquals(List.of(key), read(queue, "partitions=2").messageIds(), "still one message");
  }

  @Test
  void overwriteOfAUrlEncodedListWritesEveryListedMessage() throws Exception {
    String queue = queues.create("overwrite-many", Map.of("partitions", "2"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "a", 1).getString("key");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "b", 2).getString("key");
    var answer = overwrite(queue, "2%3A" + two + "," + one, "same", Map.of("X-TTL", "3600"));
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(List.of("same", "same"), fetch(queue, one + ",2:" + two).bodies());
  }

  @Test
  void overwriteCreatesAMissingIdWithThatIdsTimestamp() throws Exception {
    String queue = queues.create("overwrite-new", Map.of("partitions", "2"));
    long ticks = Ids.nowTicks() - 30_000_000L;
    String id = Ids.v1At(ticks);

    var answer = overwrite(queue, "2:" + id, "created by put", Map.of());
    assertEquals(200, answer.status(), answer::toString);

    JsonObject fetched = fetch(queue, "2:" + id).messages().get(0);
    assertEquals(id, fetched.getString("message_id"));
    assertEquals("created by put", fetched.getString("body"));
    assertEquals(Ids.wire(ticks), fetched.getString("timestamp"), "the id's own time, exactly");
    assertEquals(2, fetched.getInt("partition"));
    List<JsonObject> read = read(queue, "partitions=2&since=" + Ids.wire(ticks)).messages();
    assertEquals(id, read.get(0).getString("message_id"));
  }

  @Test
  void overwriteIsOrderedAmongPostedMessagesByItsIdsTime() throws Exception {
    String queue = queues.create("overwrite-order");
    long before = Ids.nowTicks();
    String early = Ids.v1At(before - 50_000_000L);
    String posted = Api.postOk(APP_ONE, KEY_ONE, queue, "posted");
    assertEquals(200, overwrite(queue, early, "early", Map.of()).status());
    assertEquals(List.of(early, posted), read(queue, "").messageIds());
  }

  @Test
  void messagesOfTheSameTimeAreAllInsideASinceOfThatTimeInTheOrderOfTheirOtherBytes()
      throws Exception {
    String queue = queues.create("same-time");
    long ticks = Ids.nowTicks() - 20_000_000L;
    // Same time; the remaining bytes differ in their first byte only (0x80 < 0x81, whether the
    // bytes are compared signed or unsigned).
    String lower = Ids.v1At(ticks, 0x8000_0000_0000_0001L);
    String higher = Ids.v1At(ticks, 0x8100_0000_0000_0001L);
    String later = Ids.v1At(ticks + 1, 0x8000_0000_0000_0001L);
    for (String id : List.of(later, higher, lower)) {
      assertEquals(200, overwrite(queue, id, "at " + id, Map.of()).status());
    }
    String since = Ids.wire(ticks);
    assertEquals(Ids.timestampOf(lower), Ids.timestampOf(higher));
    assertEquals(List.of(lower, higher, later), read(queue, "since=" + since).messageIds());
    assertEquals(
        List.of(higher, lower), read(queue, "since=" + since + "&order=descending").messageIds());
    assertEquals(List.of(higher, later), read(queue, "since=" + higher).messageIds());
    assertEquals(List.of(lower), read(queue, "since=" + lower + "&order=descending").messageIds());
    assertEquals(List.of(later), read(queue, "since=" + Ids.wire(ticks + 1)).messageIds());
  }

  @Test
  void deleteRemovesTheListedMessagesOnly() throws Exception {
    String queue = queues.create("delete-ids", Map.of("partitions", "2"));
    String one = Api.postOk(APP_ONE, KEY_ONE, queue, "one", 1).getString("key");
    String two = Api.postOk(APP_ONE, KEY_ONE, queue, "two", 1).getString("key");
    String three = Api.postOk(APP_ONE, KEY_ONE, queue, "three", 2).getString("key");

    var answer = Api.delete(path(queue) + "/" + one + "%2C2%3A" + three, KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));

    assertEquals(List.of(two), fetch(queue, one + "," + two + ",2:" + three).messageIds());
    assertEquals(List.of(two), read(queue, "partitions=1,2").messageIds());
  }

  @Test
  void deleteOfIdsThatDoNotExistIsOk() throws Exception {
    String queue = queues.create("delete-none");
    var answer = Api.delete(path(queue) + "/" + Ids.v1At(Ids.nowTicks()), KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));
  }

  // --- expiry -------------------------------------------------------------------------------

  @Test
  void messagesWithAShortTtlExpireAndAreNeverReturnedAfterwards() throws Exception {
    String queue = queues.create("expiry");
    String single =
        Api.posted(Api.postMessage(APP_ONE, KEY_ONE, queue, "short", Map.of("X-TTL", "1")))
            .get(0)
            .getString("key");
    var batch =
        Api.posted(
            Api.json(
                "POST",
                path(queue),
                KEY_ONE,
                Api.batch(
                    List.of(
                        Map.of("body", "short too", "ttl", 1, "partition", 1),
                        Map.of("body", "long", "partition", 1)))));
    String shortInBatch = batch.get(0).getString("key");
    String longLived = batch.get(1).getString("key");
    String overwritten = Ids.v1At(Ids.nowTicks());
    assertEquals(200, overwrite(queue, overwritten, "short put", Map.of("X-TTL", "1")).status());

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    List<String> left;
    do {
      Thread.sleep(250);
      left = fetch(queue, single + "," + shortInBatch + "," + overwritten).messageIds();
    } while (!left.isEmpty() && Instant.now().isBefore(deadline));
    assertEquals(List.of(), left, "short-lived messages expire");
    assertEquals(List.of(longLived), read(queue, "").messageIds(), "only the long-lived is read");
    assertNotEquals(single, longLived);
  }
}
