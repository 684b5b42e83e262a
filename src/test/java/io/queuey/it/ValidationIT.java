package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md, Errors, 400: one key per bad field, for headers, parameters, bodies, batches and id
 * lists; and a rejected request stores nothing.
 */
@ExtendWith(QueueyServer.class)
class ValidationIT {

  private static final TestQueues queues = new TestQueues();

  /** A queue of 3 partitions that only rejected posts go to: it must stay empty. */
  private static String untouched;

  @BeforeAll
  static void createQueue() throws Exception {
    untouched = queues.create("untouched", Map.of("partitions", "3"));
  }

  @AfterAll
  static void deleteQueues() throws Exception {
    var read = Api.get(path(untouched) + "?partitions=1,2,3", KEY_ONE);
    queues.deleteAll();
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of(), read.messages(), "no rejected post stored anything");
  }

  private static String path(String queue) {
    return "v1/" + APP_ONE + "/" + queue;
  }

  private static Api.Answer post(String body, Map<String, String> headers) throws Exception {
    return Api.postMessage(APP_ONE, KEY_ONE, untouched, body, headers);
  }

  private static Api.Answer postBatch(String json) throws Exception {
    return Api.json("POST", path(untouched), KEY_ONE, json);
  }

  private static Api.Answer read(String query) throws Exception {
    return Api.get(path(untouched) + "?" + query, KEY_ONE);
  }

  /** The queue, of 2 partitions, holds no message. */
  private static void assertEmpty(String queue) throws Exception {
    var read = Api.get(path(queue) + "?partitions=1,2", KEY_ONE);
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of(), read.messages(), "nothing stored");
  }

  // --- posting one message: ttl, partition, body --------------------------------------------

  @Test
  void postWithZeroTtlIsRejected() throws Exception {
    assertError(post("m", Map.of("X-TTL", "0")), 400, "ttl");
  }

  @Test
  void postWithATtlThatIsNotAWholeNumberOfSecondsIsRejected() throws Exception {
    for (String ttl : List.of("-1", "abc", "1.5", "+5", "1e3", "60s")) {
      assertError(post("m", Map.of("X-TTL", ttl)), 400, "ttl");
    }
  }

  @Test
  void postWithATtlOverTwoToThe25IsRejectedAndTwoToThe25IsAccepted() throws Exception {
    assertError(post("m", Map.of("X-TTL", Integer.toString((1 << 25) + 1))), 400, "ttl");
    String queue = queues.create("max-ttl");
    var answer =
        Api.postMessage(APP_ONE, KEY_ONE, queue, "m", Map.of("X-TTL", Integer.toString(1 << 25)));
    assertEquals(201, answer.status(), answer::toString);
  }

  @Test
  void postWithPartitionZeroOrNotANumberIsRejected() throws Exception {
    for (String partition : List.of("0", "-1", "one", "1.0")) {
      assertError(post("m", Map.of("X-Partition", partition)), 400, "partition");
    }
  }

  @Test
  void postWithAPartitionBeyondTheQueuesIsRejected() throws Exception {
    assertError(post("m", Map.of("X-Partition", "4")), 400, "partition");
  }

  @Test
  void postWithAnEmptyBodyIsRejected() throws Exception {
    assertError(post("", Map.of()), 400, "body");
  }

  @Test
  void postWithABodyThatIsNotUtf8IsRejected() throws Exception {
    var answer =
        Api.raw(
            "POST",
            path(untouched),
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'});
    assertError(answer, 400, "body");
  }

  @Test
  void postReportsEveryBadHeaderAndTheBodyAtOnce() throws Exception {
    assertError(
        post("", Map.of("X-TTL", "0", "X-Partition", "0")), 400, "ttl", "partition", "body");
  }

  // --- reading: since, limit, order, partitions ---------------------------------------------

  @Test
  void readWithALimitOutside1To1000IsRejected() throws Exception {
    for (String limit : List.of("0", "1001", "-1", "many", "")) {
      assertError(read("limit=" + limit), 400, "limit");
    }
    assertEquals(200, read("limit=1000").status());
    assertEquals(200, read("limit=1").status());
  }

  @Test
  void readWithAnUnknownOrderIsRejected() throws Exception {
    for (String order : List.of("sideways", "asc", "")) {
      assertError(read("order=" + order), 400, "order");
    }
  }

  @Test
  void readWithBadPartitionsIsRejected() throws Exception {
    for (String partitions : List.of("0", "a", "1,", ",1", "1,,2", "1,1", "-1", "")) {
      assertError(read("partitions=" + partitions), 400, "partitions");
    }
  }

  @Test
  void readOfAPartitionBeyondTheQueuesIsRejected() throws Exception {
    assertError(read("partitions=4"), 400, "partitions");
    assertError(read("partitions=1,4"), 400, "partitions");
  }

  @Test
  void readWithASinceThatIsNeitherATimestampNorAnIdIsRejected() throws Exception {
    for (String since : List.of("abc", "-1", "1.", ".5", "1.2.3", "12:30", "1e9", "")) {
      assertError(read("since=" + since), 400, "since");
    }
  }

  @Test
  void readWithASinceIdThatIsNotVersion1IsRejected() throws Exception {
    assertError(read("since=" + Ids.v4()), 400, "since");
    assertError(read("since=" + "g".repeat(32)), 400, "since");
  }

  @Test
  void aSinceOf32CharactersWithADecimalPointIsATimestamp() throws Exception {
    String queue = queues.create("since-32");
    var posted = Api.postOk(APP_ONE, KEY_ONE, queue, "m", 1);
    String timestamp = posted.getString("timestamp");
    String padded = timestamp + "0".repeat(32 - timestamp.length());
    assertEquals(32, padded.length());
    var answer = Api.get(path(queue) + "?since=" + padded, KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(List.of(posted.getString("key")), answer.messageIds());
  }

  @Test
  void readReportsEveryBadParameterAtOnce() throws Exception {
    assertError(
        read("since=x&limit=0&order=up&partitions=0"),
        400,
        "since",
        "limit",
        "order",
        "partitions");
  }

  // --- batches: "<index>.<field>" -----------------------------------------------------------

  @Test
  void aBatchItemWithPartitionZeroIsReportedUnderItsIndex() throws Exception {
    var answer =
        postBatch(Api.batch(List.of(Map.of("body", "fine"), Map.of("body", "x", "partition", 0))));
    assertError(answer, 400, "1.partition");
    assertEquals(1, answer.errorKeys().size(), answer::toString);
  }

  @Test
  void aBatchItemWithoutABodyIsReportedUnderItsIndex() throws Exception {
    assertError(postBatch(Api.batch(List.of(Map.of("ttl", 60)))), 400, "0.body");
    assertError(postBatch(Api.batch(List.of(Map.of("body", "")))), 400, "0.body");
    assertError(postBatch(Api.batch(List.of(Map.of("body", 5)))), 400, "0.body");
    assertError(postBatch("{\"messages\": [{\"body\": null}]}"), 400, "0.body");
    assertError(postBatch("{\"messages\": [{\"body\": \"ok\"}, \"just text\"]}"), 400, "1.body");
  }

  @Test
  void aBatchItemWithABadTtlIsReportedUnderItsIndex() throws Exception {
    for (Object ttl : List.of(0, -3, (1 << 25) + 1, "soon")) {
      var answer =
          postBatch(
              Api.batch(
                  List.of(
                      Map.of("body", "a"), Map.of("body", "b"), Map.of("body", "c", "ttl", ttl))));
      assertError(answer, 400, "2.ttl");
    }
  }

  @Test
  void aBatchItemWithAPartitionBeyondTheQueuesIsReportedUnderItsIndex() throws Exception {
    var answer =
        postBatch(
            Api.batch(
                List.of(
                    Map.of("body", "fine", "partition", 3), Map.of("body", "x", "partition", 4))));
    assertError(answer, 400, "1.partition");
  }

  @Test
  void aBatchOfOneWithAPartitionBeyondTheQueuesIsReportedUnderIndexZero() throws Exception {
    var answer = postBatch(Api.batch(List.of(Map.of("body", "x", "partition", 4))));
    assertError(answer, 400, "0.partition");
  }

  @Test
  void aBatchReportsEveryBadItemAndStoresNothing() throws Exception {
    String queue = queues.create("batch-bad", Map.of("partitions", "2"));
    var items = new java.util.ArrayList<Map<String, Object>>();
    items.add(Map.of("partition", 1));
    items.add(Map.of("body", "b", "partition", 0));
    items.add(Map.of("body", "c", "ttl", 0));
    items.add(Map.of("body", "good", "partition", 2));
    var answer = Api.json("POST", path(queue), KEY_ONE, Api.batch(items));
    assertError(answer, 400, "0.body", "1.partition", "2.ttl");
    assertEquals(3, answer.errorKeys().size(), answer::toString);
    assertEmpty(queue);
  }

  @Test
  void aBatchWithOneItemBeyondTheQueuesPartitionsStoresNothing() throws Exception {
    String queue = queues.create("batch-beyond", Map.of("partitions", "2"));
    var answer =
        Api.json(
            "POST",
            path(queue),
            KEY_ONE,
            Api.batch(
                List.of(
                    Map.of("body", "a", "partition", 1),
                    Map.of("body", "b", "partition", 2),
                    Map.of("body", "c", "partition", 3))));
    assertError(answer, 400, "2.partition");
    assertEmpty(queue);
  }

  @Test
  void aBatchThatIsNotJsonIsRejectedWithADescriptiveKey() throws Exception {
    for (String body : List.of("{not json", "[1, 2]", "\"text\"", "{\"messages\": [", "")) {
      assertError(postBatch(body), 400);
    }
  }

  @Test
  void aBatchWithoutAListOfMessagesIsRejected() throws Exception {
    for (String body :
        List.of("{}", "{\"messages\": \"m\"}", "{\"messages\": {}}", "{\"messages\": []}")) {
      assertError(postBatch(body), 400);
    }
  }

  // --- id lists -----------------------------------------------------------------------------

  @Test
  void aMalformedIdListIsRejectedOnFetchOverwriteAndDelete() throws Exception {
    String good = Ids.v1At(Ids.nowTicks());
    for (String ids :
        List.of(
            "not-an-id",
            good.substring(1),
            good + "0",
            "1:",
            "%2C",
            good + "%2C",
            "%2C" + good,
            "x%3A" + good,
            "0%3A" + good,
            "-1%3A" + good,
            good + "%2Cnope")) {
      String url = path(untouched) + "/" + ids;
      assertError(Api.get(url, KEY_ONE), 400);
      assertError(
          Api.raw(
              "PUT",
              url,
              Api.application(KEY_ONE),
              Map.of("Content-Type", "text/plain"),
              "b".getBytes(StandardCharsets.UTF_8)),
          400);
      assertError(Api.delete(url, KEY_ONE), 400);
    }
  }

  @Test
  void idsThatAreNotVersion1AreRejectedOnFetchOverwriteAndDelete() throws Exception {
    String v4 = Ids.v4();
    String mixed = Ids.v1At(Ids.nowTicks()) + "," + v4;
    for (String ids : List.of(v4, "2:" + v4, mixed)) {
      String url = path(untouched) + "/" + ids;
      assertError(Api.get(url, KEY_ONE), 400);
      assertError(
          Api.raw(
              "PUT",
              url,
              Api.application(KEY_ONE),
              Map.of("Content-Type", "text/plain"),
              "b".getBytes(StandardCharsets.UTF_8)),
          400);
      assertError(Api.delete(url, KEY_ONE), 400);
    }
  }

  @Test
  void overwriteValidatesTtlBodyAndPartition() throws Exception {
    String id = Ids.v1At(Ids.nowTicks());
    String url = path(untouched) + "/" + id;
    assertError(
        Api.raw(
            "PUT",
            url,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain", "X-TTL", "0"),
            "b".getBytes(StandardCharsets.UTF_8)),
        400,
        "ttl");
    assertError(
        Api.raw(
            "PUT",
            url,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            new byte[0]),
        400,
        "body");
    assertError(
        Api.raw(
            "PUT",
            path(untouched) + "/4:" + id,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            "b".getBytes(StandardCharsets.UTF_8)),
        400,
        "partition");
    var fetched = Api.get(url + ",2:" + id + ",3:" + id, KEY_ONE);
    assertEquals(List.of(), fetched.messages(), "nothing created by a rejected overwrite");
  }

  // --- queue management bodies and parameters -----------------------------------------------

  @Test
  void aQueueBodyThatIsNotJsonIsRejected() throws Exception {
    String name = Api.uniqueName("bad-json");
    for (String body : List.of("{\"queue_name\": ", "[\"" + name + "\"]", "42")) {
      assertError(Api.json("POST", "v1/" + APP_ONE, KEY_ONE, body), 400);
    }
    String queue = queues.create("bad-json-update");
    assertError(Api.json("PUT", path(queue), KEY_ONE, "{\"partitions\": "), 400);
    assertError(Api.get(path(name), KEY_ONE), 404);
  }

  @Test
  void createReportsEveryBadFieldByItsName() throws Exception {
    var fields = new LinkedHashMap<String, String>();
    fields.put("queue_name", "bad name");
    fields.put("partitions", "0");
    fields.put("type", "secret");
    fields.put("consistency", "eventual");
    fields.put("principles", "root");
    assertError(
        Api.form("POST", "v1/" + APP_ONE, KEY_ONE, fields),
        400,
        "queue_name",
        "partitions",
        "type",
        "consistency",
        "principles");
  }

  @Test
  void listWithAnOffsetThatCannotBeAQueueNameIsRejected() throws Exception {
    var answer = Api.get("v1/" + APP_ONE + "?offset=" + "x".repeat(51), KEY_ONE);
    assertError(answer, 400);
    assertTrue(answer.errorKeys().contains("offset"), answer::toString);
  }
}
