package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.cassandra.Topology;
import io.queuey.errors.StorageUnavailable;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.storage.ConsistencyLevels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the Cassandra store does without Cassandra: the integration test covers the rest. */
class CassandraMessageStoreTest {

  private static final StorageUnavailable NOT_CONNECTED =
      new StorageUnavailable(
          StorageUnavailable.Kind.UNAVAILABLE, "The storage is not connected yet.", null);

  private final CassandraMessageStore notConnected =
      new CassandraMessageStore(
          new MessageDaos(
              () -> {
                throw NOT_CONNECTED;
              },
              () -> {
                throw NOT_CONNECTED;
              }),
          new ConsistencyLevels(Topology.SINGLE_NODE, () -> 1),
          3600,
          40_960);

  @Test
  void callsWhileNotConnectedFailTheirStageWithStorageUnavailable() {
    Queue queue = MessageStoreContract.queue(1);
    var message =
        MessageStoreContract.message(MessageStoreContract.idAt(MessageStoreContract.START), 1);

    assertStorageUnavailable(notConnected.post(queue, List.of(message)));
    assertStorageUnavailable(
        notConnected.read(queue, Partition.FIRST, ReadRequest.of(10, Order.ASCENDING)));
    assertStorageUnavailable(notConnected.fetch(queue, List.of(message.ref())));
    assertStorageUnavailable(notConnected.delete(queue, List.of(message.ref())));
    assertStorageUnavailable(notConnected.count(queue));
  }

  @Test
  void deleteAllWhileNotConnectedCompletesAsItIsBestEffort() throws Exception {
    Queue queue = MessageStoreContract.queue(2);

    assertNull(notConnected.deleteAll(queue).toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void bucketWidthOutsideItsRangeIsRefused() {
    var daos = new MessageDaos(() -> null, () -> null);
    var levels = new ConsistencyLevels(Topology.SINGLE_NODE, () -> 1);

    assertThrows(
        IllegalStateException.class, () -> new CassandraMessageStore(daos, levels, 0, 40_960));
    assertThrows(
        IllegalStateException.class, () -> new CassandraMessageStore(daos, levels, 3600, 0));
  }

  @Test
  void utf8LengthCountsEncodedBytes() {
    String text = "aé✓😀";

    assertEquals(
        text.getBytes(StandardCharsets.UTF_8).length, CassandraMessageStore.utf8Length(text));
  }

  private static void assertStorageUnavailable(CompletionStage<?> stage) {
    ExecutionException failure =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertInstanceOf(StorageUnavailable.class, failure.getCause());
  }
}
