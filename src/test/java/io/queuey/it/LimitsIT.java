package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md, Errors, 413: a message, a batch or a request body over the configured limits (the
 * defaults here: 1 MiB per message, 1000 messages per batch, 8 MiB per request), and nothing is
 * stored.
 */
@ExtendWith(QueueyServer.class)
class LimitsIT {

  private static final int MAX_MESSAGE_BYTES = 1_048_576;
  private static final int MAX_BATCH_MESSAGES = 1000;
  private static final int MAX_REQUEST_BYTES = 8_388_608;

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String queue) {
    return "v1/" + APP_ONE + "/" + queue;
  }

  private static Api.Answer postBytes(String queue, String contentType, byte[] body)
      throws Exception {
    return Api.raw(
        "POST", path(queue), Api.application(KEY_ONE), Map.of("Content-Type", contentType), body);
  }

  private static Api.Answer postBatch(String queue, String json) throws Exception {
    return postBytes(queue, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertNothingStored(String queue) throws Exception {
    var read = Api.get(path(queue) + "?limit=1000", KEY_ONE);
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of(), read.messages(), "nothing stored");
  }

  private static void assertTooLarge(Api.Answer answer) {
    assertError(answer, 413);
  }

  // --- one message ---------------------------------------------------------------------------

  @Test
  void aMessageOverTheMaximumSizeIsA413AndNothingIsStored() throws Exception {
    String queue = queues.create("big-one");
    byte[] body = "a".repeat(MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.UTF_8);
    assertTooLarge(postBytes(queue, "text/plain", body));
    assertNothingStored(queue);
  }

  @Test
  void aMessageOfExactlyTheMaximumSizeIsAccepted() throws Exception {
    String queue = queues.create("max-one");
    String body = "b".repeat(MAX_MESSAGE_BYTES);
    var answer = postBytes(queue, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    String key = Api.posted(answer).get(0).getString("key");
    var fetched = Api.get(path(queue) + "/" + key, KEY_ONE);
    assertEquals(List.of(body), fetched.bodies());
  }

  @Test
  void theMessageLimitCountsUtf8BytesNotCharacters() throws Exception {
    String queue = queues.create("utf8-limit");
    // Fewer characters than the limit, but two bytes each: over it.
    String body = "ä".repeat(MAX_MESSAGE_BYTES / 2 + 1);
    assertTooLarge(
        postBytes(queue, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8)));
    assertTooLarge(postBatch(queue, Api.batch(List.of(Map.of("body", body)))));
    assertNothingStored(queue);
  }

  @Test
  void overwriteWithABodyOverTheMaximumSizeIsA413AndKeepsTheMessage() throws Exception {
    String queue = queues.create("big-put");
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "original");
    var answer =
        Api.raw(
            "PUT",
            path(queue) + "/" + key,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            "c".repeat(MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.UTF_8));
    assertTooLarge(answer);
    assertEquals(List.of("original"), Api.get(path(queue) + "/" + key, KEY_ONE).bodies());
  }

  // --- batches -------------------------------------------------------------------------------

  @Test
  void aBatchWithAMessageOverTheMaximumSizeIsA413AndNothingIsStored() throws Exception {
    String queue = queues.create("big-item");
    String json =
        Api.batch(
            List.of(
                Map.of("body", "small"),
                Map.of("body", "d".repeat(MAX_MESSAGE_BYTES + 1)),
                Map.of("body", "small too")));
    assertTooLarge(postBatch(queue, json));
    assertNothingStored(queue);
  }

  @Test
  void aBatchOverTheMaximumCountIsA413AndNothingIsStored() throws Exception {
    String queue = queues.create("many");
    var items = new ArrayList<Map<String, Object>>();
    for (int i = 0; i <= MAX_BATCH_MESSAGES; i++) {
      items.add(Map.of("body", "m" + i));
    }
    assertTooLarge(postBatch(queue, Api.batch(items)));
    assertNothingStored(queue);
  }

  @Test
  void aBatchOfExactlyTheMaximumCountIsStoredWhole() throws Exception {
    String queue = queues.create("max-many");
    var items = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < MAX_BATCH_MESSAGES; i++) {
      items.add(Map.of("body", "m" + i));
    }
    var posted = Api.posted(postBatch(queue, Api.batch(items)));
    assertEquals(MAX_BATCH_MESSAGES, posted.size());
    var read = Api.get(path(queue) + "?limit=1000", KEY_ONE);
    assertEquals(MAX_BATCH_MESSAGES, read.messages().size());
    assertEquals("m0", read.bodies().get(0));
    assertEquals("m999", read.bodies().get(MAX_BATCH_MESSAGES - 1));
  }

  // --- the request body ----------------------------------------------------------------------

  /**
   * A batch of exactly {@code MAX_REQUEST_BYTES + 1} bytes whose every message is under the message
   * limit: only the request limit is broken.
   */
  private static String batchJustOverTheRequestLimit() {
    int items = 9;
    int fixed =
        "{\"messages\":[".length() + "]}".length() + items * "{\"body\":\"\"}".length() + items - 1;
    int bodies = MAX_REQUEST_BYTES + 1 - fixed;
    int each = 1_000_000;
    var json = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < items; i++) {
      int length = i < items - 1 ? each : bodies - each * (items - 1);
      json.append(i == 0 ? "" : ",")
          .append("{\"body\":\"")
          .append("e".repeat(length))
          .append("\"}");
    }
    String text = json.append("]}").toString();
    assertEquals(MAX_REQUEST_BYTES + 1, text.getBytes(StandardCharsets.UTF_8).length);
    return text;
  }

  @Test
  void aBatchOverTheRequestMaximumIsA413AndNothingIsStored() throws Exception {
    String queue = queues.create("big-request");
    assertTooLarge(postBatch(queue, batchJustOverTheRequestLimit()));
    assertNothingStored(queue);
  }

  @Test
  void aSingleBodyOverTheRequestMaximumIsA413() throws Exception {
    String queue = queues.create("huge-one");
    assertTooLarge(postBytes(queue, "text/plain", new byte[MAX_REQUEST_BYTES + 1]));
    assertNothingStored(queue);
  }

  @Test
  void aQueueManagementBodyOverTheRequestMaximumIsA413() throws Exception {
    String name = Api.uniqueName("huge-form");
    String prefix = "queue_name=" + name + "&padding=";
    String form = prefix + "f".repeat(MAX_REQUEST_BYTES + 1 - prefix.length());
    var answer =
        Api.raw(
            "POST",
            "v1/" + APP_ONE,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            form.getBytes(StandardCharsets.UTF_8));
    queues.track(APP_ONE, KEY_ONE, name);
    assertTooLarge(answer);
    assertError(Api.get(path(name), KEY_ONE), 404);
  }
}
