package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API.md, Idempotent publishing: the Idempotency-Key header and "idempotency_key" of a batch. */
@ExtendWith(QueueyServer.class)
class IdempotentPostsIT {

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String queue) {
    return "v1/" + APP_ONE + "/" + queue;
  }

  @Test
  void aRepeatedPostWithTheSameKeyStoresNothingAndAnswersTheOriginal() throws Exception {
    String queue = queues.create("idem", Map.of("partitions", "4"));
    JsonObject first =
        Api.posted(
                Api.postMessage(
                    APP_ONE, KEY_ONE, queue, "pay 10", Map.of("Idempotency-Key", "k-1")))
            .get(0);
    assertFalse(first.containsKey("duplicate"), "the first post is not a duplicate");
    JsonObject again =
        Api.posted(
                Api.postMessage(
                    APP_ONE, KEY_ONE, queue, "pay 10", Map.of("Idempotency-Key", "k-1")))
            .get(0);
    assertEquals(first.getString("key"), again.getString("key"));
    assertEquals(first.getString("timestamp"), again.getString("timestamp"));
    assertEquals(first.getInt("partition"), again.getInt("partition"));
    assertTrue(again.getBoolean("duplicate"));
    var read = Api.get(path(queue) + "?partitions=1,2,3,4", KEY_ONE);
    assertEquals(List.of("pay 10"), read.bodies(), "stored once");
    JsonObject other =
        Api.posted(
                Api.postMessage(
                    APP_ONE, KEY_ONE, queue, "pay 10", Map.of("Idempotency-Key", "k-2")))
            .get(0);
    assertFalse(other.containsKey("duplicate"), "another key is another message");
  }

  @Test
  void batchItemsCarryTheirOwnKeys() throws Exception {
    String queue = queues.create("idem");
    var first =
        Api.posted(
            Api.json(
                "POST",
                path(queue),
                KEY_ONE,
                Api.batch(
                    List.of(
                        Map.of("body", "a", "idempotency_key", "a"),
                        Map.of("body", "b"),
                        Map.of("body", "a again", "idempotency_key", "a")))));
    assertEquals(3, first.size());
    assertFalse(first.get(0).containsKey("duplicate"));
    assertTrue(first.get(2).getBoolean("duplicate"), "a key repeated within the batch");
    assertEquals(first.get(0).getString("key"), first.get(2).getString("key"));
    var second =
        Api.posted(
            Api.json(
                "POST",
                path(queue),
                KEY_ONE,
                Api.batch(
                    List.of(
                        Map.of("body", "a", "idempotency_key", "a"),
                        Map.of("body", "c", "idempotency_key", "c")))));
    assertTrue(second.get(0).getBoolean("duplicate"));
    assertEquals(first.get(0).getString("key"), second.get(0).getString("key"));
    assertFalse(second.get(1).containsKey("duplicate"));
    assertEquals(List.of("a", "b", "c"), Api.get(path(queue), KEY_ONE).bodies());
  }

  @Test
  void badKeysAreRejected() throws Exception {
    String queue = queues.create("idem");
    assertError(
        Api.postMessage(APP_ONE, KEY_ONE, queue, "x", Map.of("Idempotency-Key", "k".repeat(129))),
        400,
        "idempotency_key");
    assertError(
        Api.json(
            "POST",
            path(queue),
            KEY_ONE,
            Api.batch(List.of(Map.of("body", "x", "idempotency_key", "")))),
        400,
        "0.idempotency_key");
    assertEquals(List.of(), Api.get(path(queue), KEY_ONE).bodies(), "nothing stored");
  }
}
