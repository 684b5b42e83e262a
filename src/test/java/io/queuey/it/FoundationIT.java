package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WAR deploys on Payara Micro, connects to Cassandra, and serves JSON with its keys. */
@ExtendWith(QueueyServer.class)
class FoundationIT {

  @Test
  void readinessIsUpOnceCassandraIsConnected() throws Exception {
    var answer = Api.get("health/ready", null);
    assertEquals(200, answer.status());
    assertEquals("UP", answer.json().getString("status"));
  }

  @Test
  void livenessIsUp() throws Exception {
    assertEquals(200, Api.get("health/live", null).status());
  }

  @Test
  void listingQueuesWithTheApplicationKeyAnswersJson() throws Exception {
    var answer = Api.get("v1/" + APP_ONE, KEY_ONE);
    assertEquals(200, answer.status());
    assertTrue(answer.contentType().startsWith("application/json"));
    assertEquals("ok", answer.json().getString("status"));
    assertTrue(answer.json().containsKey("queues"));
  }

  @Test
  void aCreatedQueueIsStoredAndListed() throws Exception {
    String name = "foundation-" + UUID.randomUUID().toString().substring(0, 8);
    var created = Api.form("POST", "v1/" + APP_ONE, KEY_ONE, Map.of("queue_name", name));
    assertEquals(201, created.status());
    assertEquals(name, created.json().getString("queue_name"));

    var listed = Api.get("v1/" + APP_ONE + "?limit=1000", KEY_ONE);
    assertTrue(
        listed.json().getJsonArray("queues").stream()
            .anyMatch(queue -> queue.asJsonObject().getString("queue_name").equals(name)),
        "the new queue is listed");
  }

  @Test
  void theRotatedKeyOfAnApplicationWorksToo() throws Exception {
    assertEquals(200, Api.get("v1/" + APP_ONE, "it-key-one-next").status());
  }

  @Test
  void anUnknownKeyIsRejectedWithoutEchoingIt() throws Exception {
    var answer = Api.get("v1/" + APP_ONE, "no-such-key-123");
    assertEquals(401, answer.status());
    assertTrue(answer.json().getJsonObject("error_msg").containsKey("InvalidApplicationKey"));
    assertTrue(!answer.raw().body().contains("no-such-key-123"));
  }

  @Test
  void anUnknownPathIsAJson404() throws Exception {
    var answer = Api.get("no/such/path", null);
    assertEquals(404, answer.status());
    assertEquals("error", answer.json().getString("status"));
  }
}
