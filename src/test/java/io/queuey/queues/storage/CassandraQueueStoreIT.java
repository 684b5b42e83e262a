package io.queuey.queues.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.queuey.cassandra.CassandraSchema;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.cassandra.Topology;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against the Cassandra of the test build, with only three buckets, so that the
 * listings cross bucket boundaries.
 */
class CassandraQueueStoreIT extends QueueStoreContract {

  private static final String KEYSPACE = "queuey_queues_it";
  private static final int BUCKETS = 3;
  private static CqlSession session;
  private static CassandraQueueStore store;

  @BeforeAll
  static void connect() {
    session =
        CqlSession.builder()
            .addContactPoint(
                new InetSocketAddress(
                    "127.0.0.1", Integer.getInteger("queuey.it.cassandra.port", 19042)))
            .withLocalDatacenter("datacenter1")
            .withConfigLoader(
                ExecutionProfiles.define(
                        DriverConfigLoader.programmaticBuilder(),
                        DefaultConsistencyLevel.SERIAL,
                        Duration.ofSeconds(30))
                    .build())
            .build();
    new CassandraSchema()
        .apply(session, KEYSPACE, "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    store =
        new CassandraQueueStore(
            new QueuesDao(session, KEYSPACE),
            new ConsistencyLevels(Topology.SINGLE_NODE, () -> 1),
            BUCKETS);
  }

  @AfterAll
  static void disconnect() {
    session.close();
  }

  @Override
  protected QueueStore store() {
    return store;
  }

  /** A DAO whose lightweight transactions are applied but then reported as timed out. */
  private static final class TimingOut extends QueuesDao {
    TimingOut() {
      super(session, KEYSPACE);
    }

    private static WriteTimeoutException unknown() {
      return new WriteTimeoutException(
          null, DefaultConsistencyLevel.QUORUM, 0, 1, DefaultWriteType.CAS);
    }

    @Override
    public boolean insertIfNotExists(Queue queue, int bucket, ConsistencyLevel cl) {
      super.insertIfNotExists(queue, bucket, cl);
      throw unknown();
    }

    @Override
    public boolean updateIfUnchanged(
        Queue current, QueueSettings updated, int bucket, ConsistencyLevel cl) {
      super.updateIfUnchanged(current, updated, bucket, cl);
      throw unknown();
    }

    @Override
    public boolean deleteIfSameIncarnation(Queue queue, int bucket, ConsistencyLevel cl) {
      super.deleteIfSameIncarnation(queue, bucket, cl);
      throw unknown();
    }
  }

  @Test
  void transactionsWhoseOutcomeIsUnknownAreSettledByASerialRead() {
    var store =
        new CassandraQueueStore(
            new TimingOut(), new ConsistencyLevels(Topology.SINGLE_NODE, () -> 1), BUCKETS);
    Queue queue =
        new Queue(
            "unknown-outcomes",
            new QueueName("q-" + UUID.randomUUID().toString().substring(0, 8)),
            QueueSettings.DEFAULTS,
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            UUID.randomUUID());

    assertTrue(store.create(queue), "created, as the serial read shows");
    Queue grown =
        store.update(queue.application(), queue.name(), old -> old.withPartitions(3)).orElseThrow();
    assertEquals(3, grown.settings().partitions());
    assertEquals(
        3, store.find(queue.application(), queue.name()).orElseThrow().settings().partitions());
    assertEquals(queue.id(), store.delete(queue.application(), queue.name()).orElseThrow().id());
    assertEquals(Optional.empty(), store.find(queue.application(), queue.name()));
  }

  @Test
  void queuesAreSpreadOverEveryBucket() {
    var buckets = new HashSet<Integer>();
    IntStream.range(0, 30)
        .forEach(i -> buckets.add(QueueBuckets.of(new QueueName("queue-" + i), BUCKETS)));
    assertEquals(BUCKETS, buckets.size());
  }
}
