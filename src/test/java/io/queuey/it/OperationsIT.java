package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.APP_TWO;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metrics after real traffic, scraped from Prometheus text at /metrics. */
@ExtendWith(QueueyServer.class)
class OperationsIT {

  @Test
  void postedMessagesAreCountedForTheApplicationThatPostedThem() throws Exception {
    String queue = newQueue();
    double oneBefore = Metrics.sum("queuey_messages_posted_total", "application", APP_ONE);
    double twoBefore = Metrics.sum("queuey_messages_posted_total", "application", APP_TWO);

    for (int i = 0; i < 3; i++) {
      var posted =
          Api.send(
              Api.request("v1/" + APP_ONE + "/" + queue)
                  .header("Authorization", Api.application(KEY_ONE))
                  .POST(HttpRequest.BodyPublishers.ofString("hello " + i)));
      assertEquals(201, posted.status());
    }

    assertEquals(
        oneBefore + 3, Metrics.sum("queuey_messages_posted_total", "application", APP_ONE));
    assertEquals(twoBefore, Metrics.sum("queuey_messages_posted_total", "application", APP_TWO));
    assertTrue(Metrics.sum("queuey_message_bytes_in_total", "application", APP_ONE) >= 21);
  }

  @Test
  void readMessagesAndBytesOutAreCounted() throws Exception {
    String queue = newQueue();
    Api.send(
        Api.request("v1/" + APP_ONE + "/" + queue)
            .header("Authorization", Api.application(KEY_ONE))
            .POST(HttpRequest.BodyPublishers.ofString("twelve bytes")));
    double before = Metrics.sum("queuey_messages_read_total", "application", APP_ONE);
    double bytesBefore = Metrics.sum("queuey_message_bytes_out_total", "application", APP_ONE);

    assertEquals(200, Api.get("v1/" + APP_ONE + "/" + queue, KEY_ONE).status());

    assertEquals(before + 1, Metrics.sum("queuey_messages_read_total", "application", APP_ONE));
    assertEquals(
        bytesBefore + 12, Metrics.sum("queuey_message_bytes_out_total", "application", APP_ONE));
  }

  @Test
  void requestLatencyIsTimedPerEndpointTemplateNotPerQueue() throws Exception {
    String queue = newQueue();
    Api.get("v1/" + APP_ONE + "/" + queue, KEY_ONE);
    String text = Metrics.scrape();
    assertTrue(
        text.contains("endpoint=\"GET /v1/{application}/{queue}\""),
        "a timer series for the endpoint template");
    assertTrue(!text.contains(queue), "no series names a queue");
  }

  @Test
  void responsesAreCountedByStatusClass() throws Exception {
    double before = Metrics.sum("queuey_responses_total", "status", "4xx");
    Api.get("v1/" + APP_ONE + "/no-such-queue-" + UUID.randomUUID(), KEY_ONE);
    assertTrue(Metrics.sum("queuey_responses_total", "status", "4xx") >= before + 1);
  }

  @Test
  void storageCallsAreTimedPerOperation() throws Exception {
    newQueue();
    String text = Metrics.scrape();
    assertTrue(text.contains("queuey_storage_calls_seconds"), "storage timers are exported");
    assertTrue(text.contains("operation=\"create_queue\""));
  }

  @Test
  void createdQueuesAreCounted() throws Exception {
    double before = Metrics.sum("queuey_queues_created_total", "application", APP_ONE);
    newQueue();
    assertEquals(before + 1, Metrics.sum("queuey_queues_created_total", "application", APP_ONE));
  }

  private static String newQueue() throws Exception {
    String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);
    var created = Api.form("POST", "v1/" + APP_ONE, KEY_ONE, Map.of("queue_name", name));
    assertEquals(201, created.status());
    return name;
  }
}
