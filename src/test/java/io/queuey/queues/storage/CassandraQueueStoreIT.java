package io.queuey.queues.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.queuey.cassandra.CassandraSchema;
import io.queuey.cassandra.ConsistencyLevels;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.QueueName;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
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
            new ConsistencyLevels(ConsistencyLevels.Topology.SINGLE_NODE, () -> 1),
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

  @Test
  void queuesAreSpreadOverEveryBucket() {
    var buckets = new HashSet<Integer>();
    IntStream.range(0, 30)
        .forEach(i -> buckets.add(QueueBuckets.of(new QueueName("queue-" + i), BUCKETS)));
    assertEquals(BUCKETS, buckets.size());
  }
}
