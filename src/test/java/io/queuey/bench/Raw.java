package io.queuey.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.queuey.cassandra.CassandraSchema;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.storage.QueueBuckets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The limit: the Cassandra driver alone, against the tables Queuey uses (created by Queuey's own
 * {@link CassandraSchema}), with statements equivalent to the DAOs' (same columns, same TTL, same
 * consistency level as Queuey uses on one node, ONE). It runs in the benchmark's JVM, so that the
 * raw figures pay for a client as Queuey's figures pay for theirs.
 */
final class Raw implements AutoCloseable {

  /** Queuey's default message TTL (3 days) and time bucket width (an hour). */
  static final int MESSAGE_TTL_SECONDS = 259_200;

  static final long BUCKET_SECONDS = 3_600;

  /** Queuey's default TTL of a group's delivery state (queuey.groups.state-ttl-seconds). */
  static final int GROUP_STATE_TTL_SECONDS = 345_600;

  private static final ConsistencyLevel LEVEL = DefaultConsistencyLevel.ONE;

  final CqlSession session;
  final String keyspace;
  private final PreparedStatement insertMessage;
  private final PreparedStatement range;
  private final PreparedStatement byIds;
  private final PreparedStatement insertQueueIfNotExists;
  private final PreparedStatement insertQueue;
  private final PreparedStatement claimCursor;
  private final PreparedStatement leaseRow;
  private final PreparedStatement ackRow;
  private final String body;

  /** A partition of the messages table that read operations use, filled by {@link #seed}. */
  record Seeded(UUID queueId, long bucket, List<UUID> ids) {}

  Raw(int port, String keyspace, String body) {
    this.keyspace = keyspace;
    this.body = body;
    var config =
        DriverConfigLoader.programmaticBuilder()
            // Queuey's request timeout (the comment said so; Queuey's is now 12 s) and protocol
            // version, so that both sides fail a slow request alike and speak the same framing.
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(12))
            .withString(DefaultDriverOption.PROTOCOL_VERSION, "V4")
            .withDuration(
                DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(20))
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(20))
            .build();
    session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", port))
            .withLocalDatacenter("datacenter1")
            .withConfigLoader(config)
            .build();
    new CassandraSchema()
        .apply(session, keyspace, "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    String messages = keyspace + ".messages";
    insertMessage =
        session.prepare(
            "INSERT INTO "
                + messages
                + " (queue_id, partition, bucket, message_id, body, content_type)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    range =
        session.prepare(
            "SELECT message_id, body, content_type FROM "
                + messages
                + " WHERE queue_id = ? AND partition = ? AND bucket = ?"
                + " AND message_id >= ? AND message_id <= ? LIMIT ?");
    byIds =
        session.prepare(
            "SELECT message_id, body, content_type FROM "
                + messages
                + " WHERE queue_id = ? AND partition = ? AND bucket = ? AND message_id IN ?");
    String queueInsert =
        "INSERT INTO "
            + keyspace
            + ".queues (bucket, application, queue_name, queue_id, partitions, type, consistency,"
            + " principles, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    insertQueueIfNotExists = session.prepare(queueInsert + " IF NOT EXISTS");
    insertQueue = session.prepare(queueInsert);
    // A consumer group's delivery partition, as the groups' DeliveriesDao writes it.
    String deliveries = keyspace + ".group_bucket_deliveries";
    String deliveryKey =
        " WHERE queue_id = ? AND group_id = ? AND partition = ? AND generation = ?"
            + " AND bucket = ?";
    claimCursor =
        session.prepare(
            "UPDATE "
                + deliveries
                + " USING TTL ? SET claim_token = ?, dispatch = ?, floor = ?, dead = ?"
                + deliveryKey
                + " IF claim_token = null");
    leaseRow =
        session.prepare(
            "UPDATE "
                + deliveries
                + " USING TTL ? SET lease = ?, deadline = ?, deliveries = ?, gone = false"
                + deliveryKey
                + " AND message_id = ?");
    ackRow =
        session.prepare(
            "UPDATE "
                + deliveries
                + " USING TTL ? SET acked_at = ?"
                + deliveryKey
                + " AND message_id = ?");
  }

  static long bucketOf(UUID timeUuid) {
    long epochSecond = Math.floorDiv(Uuids.unixTimestamp(timeUuid), 1000);
    return Math.floorDiv(epochSecond, BUCKET_SECONDS) * BUCKET_SECONDS;
  }

  private BatchableStatement<?> insert(UUID queueId, long bucket, UUID id) {
    return insertMessage
        .bind(queueId, 1, bucket, id, body, "text/plain", MESSAGE_TTL_SECONDS)
        .setIdempotent(true);
  }

  /** One message per request, all into one queue partition, as Queuey's single POSTs. */
  Load.Operation singleInsert() {
    UUID queueId = UUID.randomUUID();
    return sequence -> {
      UUID id = Uuids.timeBased();
      return session
          .executeAsync(insert(queueId, bucketOf(id), id).setConsistencyLevel(LEVEL))
          .thenApply(done -> 1)
          .toCompletableFuture();
    };
  }

  /** An unlogged batch of {@code size} rows to one partition, as Queuey writes a batch POST. */
  Load.Operation batchInsert(int size) {
    UUID queueId = UUID.randomUUID();
    return sequence -> {
      var statements = new ArrayList<BatchableStatement<?>>(size);
      long bucket = 0;
      for (int i = 0; i < size; i++) {
        UUID id = Uuids.timeBased();
        if (i == 0) {
          bucket = bucketOf(id);
        }
        statements.add(insert(queueId, bucket, id));
      }
      return session
          .executeAsync(
              BatchStatement.newInstance(BatchType.UNLOGGED, statements)
                  .setIdempotent(true)
                  .setConsistencyLevel(LEVEL))
          .thenApply(done -> size)
          .toCompletableFuture();
    };
  }

  /** Fills a fresh partition with {@code count} messages, in batches of 100 rows. */
  Seeded seed(int count, int concurrency) throws InterruptedException {
    UUID queueId = UUID.randomUUID();
    var ids = new ArrayList<UUID>(count);
    for (int i = 0; i < count; i++) {
      ids.add(Uuids.timeBased());
    }
    ids.sort(Comparator.comparingLong(UUID::timestamp));
    long bucket = bucketOf(ids.get(0));
    int batches = (count + 99) / 100;
    Load.Sample sample =
        Load.closedLoop(
            "raw seed",
            sequence -> {
              int from = (int) sequence * 100;
              var statements = new ArrayList<BatchableStatement<?>>();
              for (UUID id : ids.subList(from, Math.min(count, from + 100))) {
                statements.add(insert(queueId, bucket, id));
              }
              return session
                  .executeAsync(
                      BatchStatement.newInstance(BatchType.UNLOGGED, statements)
                          .setConsistencyLevel(LEVEL))
                  .thenApply(done -> statements.size())
                  .toCompletableFuture();
            },
            concurrency,
            Duration.ofHours(1),
            batches);
    if (sample.errors() > 0) {
      throw new IllegalStateException("seeding the raw read partition failed");
    }
    return new Seeded(queueId, bucket, List.copyOf(ids));
  }

  /**
   * Up to {@code limit} rows from a random id on, to now: the statement Queuey's range read sends
   * for one bucket (page size = limit, as there).
   */
  Load.Operation rangeRead(Seeded seeded, int limit) {
    int starts = seeded.ids().size() - limit;
    return sequence -> {
      UUID lowest = seeded.ids().get(ThreadLocalRandom.current().nextInt(starts + 1));
      UUID highest = Uuids.endOf(System.currentTimeMillis());
      return session
          .executeAsync(
              range
                  .bind(seeded.queueId(), 1, seeded.bucket(), lowest, highest, limit)
                  .setPageSize(limit)
                  .setIdempotent(true)
                  .setConsistencyLevel(LEVEL))
          .thenApply(
              page -> {
                int rows = 0;
                for (Row row : page.currentPage()) {
                  if (row.getString("body") != null) {
                    rows++;
                  }
                }
                return requireRows(rows, limit);
              })
          .toCompletableFuture();
    };
  }

  /** One message by its id, with the IN statement Queuey's fetch uses. */
  Load.Operation readById(Seeded seeded) {
    return sequence -> {
      UUID id = seeded.ids().get(ThreadLocalRandom.current().nextInt(seeded.ids().size()));
      return session
          .executeAsync(
              byIds
                  .bind(seeded.queueId(), 1, seeded.bucket(), List.of(id))
                  .setIdempotent(true)
                  .setConsistencyLevel(LEVEL))
          .thenApply(page -> requireRows(page.remaining(), 1))
          .toCompletableFuture();
    };
  }

  /**
   * The least Cassandra work of an at-least-once claim of {@code size} messages and its ack, in the
   * groups' tables: the range read of the messages, one conditional single-partition batch of the
   * delivery cursor and a lease row per message (the claim's one lightweight transaction), then an
   * unlogged batch of an ack per message. Without what Queuey reads besides (the group, the cursor,
   * the bucket marks) and without contention: every cycle takes a fresh delivery partition. So it
   * bounds what any claim-and-ack built on a lease row per message and one LWT per claim can do on
   * this hardware.
   */
  Load.Operation groupCycle(Seeded seeded, int size) {
    int starts = seeded.ids().size() - size;
    UUID queueId = seeded.queueId();
    return sequence -> {
      UUID lowest = seeded.ids().get(ThreadLocalRandom.current().nextInt(starts + 1));
      UUID groupId = UUID.randomUUID();
      long bucket = seeded.bucket();
      return session
          .executeAsync(
              range
                  .bind(queueId, 1, bucket, lowest, Uuids.endOf(System.currentTimeMillis()), size)
                  .setPageSize(size)
                  .setIdempotent(true)
                  .setConsistencyLevel(LEVEL))
          .thenCompose(
              page -> {
                var ids = new ArrayList<UUID>(size);
                for (Row row : page.currentPage()) {
                  ids.add(row.getUuid("message_id"));
                }
                requireRows(ids.size(), size);
                Instant deadline = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
                var claim = new ArrayList<BatchableStatement<?>>(size + 1);
                claim.add(
                    claimCursor.bind(
                        GROUP_STATE_TTL_SECONDS,
                        Uuids.timeBased(),
                        ids.get(ids.size() - 1),
                        ids.get(0),
                        0L,
                        queueId,
                        groupId,
                        1,
                        0,
                        bucket));
                UUID lease = Uuids.timeBased();
                for (UUID id : ids) {
                  claim.add(
                      leaseRow.bind(
                          GROUP_STATE_TTL_SECONDS,
                          lease,
                          deadline,
                          1,
                          queueId,
                          groupId,
                          1,
                          0,
                          bucket,
                          id));
                }
                return session
                    .executeAsync(
                        BatchStatement.newInstance(BatchType.UNLOGGED, claim)
                            .setConsistencyLevel(LEVEL)
                            .setSerialConsistencyLevel(DefaultConsistencyLevel.SERIAL))
                    .thenCompose(
                        claimed -> {
                          if (!claimed.wasApplied()) {
                            throw new IllegalStateException("a fresh partition's claim failed");
                          }
                          Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                          var acks = new ArrayList<BatchableStatement<?>>(size);
                          for (UUID id : ids) {
                            acks.add(
                                ackRow.bind(
                                    GROUP_STATE_TTL_SECONDS,
                                    now,
                                    queueId,
                                    groupId,
                                    1,
                                    0,
                                    bucket,
                                    id));
                          }
                          return session.executeAsync(
                              BatchStatement.newInstance(BatchType.UNLOGGED, acks)
                                  .setIdempotent(true)
                                  .setConsistencyLevel(LEVEL));
                        });
              })
          .thenApply(acked -> size)
          .toCompletableFuture();
    };
  }

  private static int requireRows(int rows, int expected) {
    if (rows != expected) {
      throw new IllegalStateException("expected " + expected + " rows, got " + rows);
    }
    return rows;
  }

  /** Queuey's queue creation: a lightweight transaction (INSERT ... IF NOT EXISTS). */
  Load.Operation createQueueIfNotExists(String application, int buckets) {
    String prefix = "raw-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    // Fresh names however often the operation is run (the sequence restarts with every run).
    var next = new AtomicLong();
    return sequence ->
        session
            .executeAsync(
                queueRow(
                    insertQueueIfNotExists, application, prefix + next.getAndIncrement(), buckets))
            .thenApply(
                result -> {
                  if (!result.wasApplied()) {
                    throw new IllegalStateException("queue exists already");
                  }
                  return 1;
                })
            .toCompletableFuture();
  }

  /**
   * Bulk-loads queue rows with plain inserts: the same rows Queuey writes, without the Paxos rounds
   * of its lightweight transaction, in unlogged batches of up to 100 rows of one bucket partition.
   * Only for names nobody else writes. The operation's requests are {@link #chunks} of the names.
   */
  Load.Operation createQueuesPlain(String application, List<List<String>> chunks, int buckets) {
    return sequence -> {
      List<String> chunk = chunks.get((int) sequence);
      var statements = new ArrayList<BatchableStatement<?>>(chunk.size());
      for (String name : chunk) {
        statements.add(queueRow(insertQueue, application, name, buckets));
      }
      return session
          .executeAsync(
              BatchStatement.newInstance(BatchType.UNLOGGED, statements)
                  .setIdempotent(true)
                  .setConsistencyLevel(LEVEL))
          .thenApply(done -> chunk.size())
          .toCompletableFuture();
    };
  }

  /** The names in batches of up to {@code size} names of one bucket (so one partition). */
  static List<List<String>> chunks(List<String> names, int buckets, int size) {
    var byBucket = new java.util.TreeMap<Integer, List<String>>();
    for (String name : names) {
      byBucket
          .computeIfAbsent(QueueBuckets.of(new QueueName(name), buckets), b -> new ArrayList<>())
          .add(name);
    }
    var chunks = new ArrayList<List<String>>();
    for (List<String> inBucket : byBucket.values()) {
      for (int from = 0; from < inBucket.size(); from += size) {
        chunks.add(inBucket.subList(from, Math.min(inBucket.size(), from + size)));
      }
    }
    return chunks;
  }

  private com.datastax.oss.driver.api.core.cql.BoundStatement queueRow(
      PreparedStatement statement, String application, String name, int buckets) {
    return statement
        .bind(
            QueueBuckets.of(new QueueName(name), buckets),
            application,
            name,
            UUID.randomUUID(),
            1,
            "user",
            "strong",
            List.<String>of(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setConsistencyLevel(LEVEL);
  }

  @Override
  public void close() {
    session.close();
  }
}
