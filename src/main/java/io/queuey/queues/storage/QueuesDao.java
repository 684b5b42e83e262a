package io.queuey.queues.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.queuey.auth.entity.Principal;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.queues.entity.Consistency;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import io.queuey.queues.entity.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code queues} table: one row per queue, partitioned by application and a bucket derived from
 * the queue name, so that an application with a million queues is many small partitions.
 */
public class QueuesDao {

  public static final String TABLE = "queues";
  static final String APPLICATION = "application";
  static final String BUCKET = "bucket";
  static final String QUEUE_NAME = "queue_name";
  static final String QUEUE_ID = "queue_id";
  static final String PARTITIONS = "partitions";
  static final String TYPE = "type";
  static final String CONSISTENCY = "consistency";
  static final String PRINCIPLES = "principles";
  static final String CREATED = "created";

  private static final String COLUMNS =
      String.join(
          ", ",
          APPLICATION,
          QUEUE_NAME,
          QUEUE_ID,
          PARTITIONS,
          TYPE,
          CONSISTENCY,
          PRINCIPLES,
          CREATED);

  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement insertIfNotExists;
  private final PreparedStatement updateIfExists;
  private final PreparedStatement delete;
  private final PreparedStatement pageFrom;
  private final PreparedStatement page;

  public QueuesDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    String key = APPLICATION + " = ? AND " + BUCKET + " = ?";
    select =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM "
                + table
                + " WHERE "
                + key
                + " AND "
                + QUEUE_NAME
                + " = ?");
    insertIfNotExists =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + BUCKET
                + ", "
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    updateIfExists =
        session.prepare(
            "UPDATE "
                + table
                + " SET "
                + PARTITIONS
                + " = ?, "
                + TYPE
                + " = ?, "
                + CONSISTENCY
                + " = ?, "
                + PRINCIPLES
                + " = ? WHERE "
                + key
                + " AND "
                + QUEUE_NAME
                + " = ? IF "
                + QUEUE_ID
                + " = ? AND "
                + PARTITIONS
                + " = ? AND "
                + TYPE
                + " = ? AND "
                + CONSISTENCY
                + " = ? AND "
                + PRINCIPLES
                + " = ?");
    delete =
        session.prepare(
            "DELETE FROM "
                + table
                + " WHERE "
                + key
                + " AND "
                + QUEUE_NAME
                + " = ? IF "
                + QUEUE_ID
                + " = ?");
    pageFrom =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM "
                + table
                + " WHERE "
                + key
                + " AND "
                + QUEUE_NAME
                + " >= ? LIMIT ?");
    page = session.prepare("SELECT " + COLUMNS + " FROM " + table + " WHERE " + key + " LIMIT ?");
  }

  /**
   * The queue's row at {@code cl}. At a serial level this is a linearizable read: it sees every
   * change that completed (and completes any a failed coordinator left half done).
   */
  public Optional<Queue> find(String application, int bucket, QueueName name, ConsistencyLevel cl) {
    Row row =
        session
            .execute(
                select
                    .bind(application, bucket, name.value())
                    .setExecutionProfileName(ExecutionProfiles.of(cl))
                    .setIdempotent(true))
            .one();
    return Optional.ofNullable(row).map(QueuesDao::toQueue);
  }

  /** {@code cl} is the commit level of the lightweight transaction; its serial level is Paxos'. */
  public boolean insertIfNotExists(Queue queue, int bucket, ConsistencyLevel cl) {
    QueueSettings settings = queue.settings();
    return session
        .execute(
            insertIfNotExists
                .bind(
                    bucket,
                    queue.application(),
                    queue.name().value(),
                    queue.id(),
                    settings.partitions(),
                    settings.type().wire(),
                    settings.consistency().wire(),
                    principlesOf(settings),
                    queue.created())
                .setExecutionProfileName(ExecutionProfiles.of(cl)))
        .wasApplied();
  }

  /**
   * Replaces the settings of {@code current} with {@code updated} only while the stored row is the
   * same incarnation with exactly the settings of {@code current}: a change made meanwhile (or a
   * delete) makes this one not apply, for the caller to read again.
   */
  public boolean updateIfUnchanged(
      Queue current, QueueSettings updated, int bucket, ConsistencyLevel cl) {
    QueueSettings expected = current.settings();
    return session
        .execute(
            updateIfExists
                .bind(
                    updated.partitions(),
                    updated.type().wire(),
                    updated.consistency().wire(),
                    principlesOf(updated),
                    current.application(),
                    bucket,
                    current.name().value(),
                    current.id(),
                    expected.partitions(),
                    expected.type().wire(),
                    expected.consistency().wire(),
                    // Cassandra stores an empty list as no value, which only null matches.
                    expected.principles().isEmpty() ? null : principlesOf(expected))
                .setExecutionProfileName(ExecutionProfiles.of(cl)))
        .wasApplied();
  }

  /**
   * Only this incarnation. Every write of this table is a lightweight transaction: they must not be
   * mixed with plain ones.
   */
  public boolean deleteIfSameIncarnation(Queue queue, int bucket, ConsistencyLevel cl) {
    return session
        .execute(
            delete
                .bind(queue.application(), bucket, queue.name().value(), queue.id())
                .setExecutionProfileName(ExecutionProfiles.of(cl)))
        .wasApplied();
  }

  /** Up to {@code limit} queues of one bucket, in name order, from {@code from} when given. */
  public CompletionStage<List<Queue>> page(
      String application, int bucket, Optional<QueueName> from, int limit, ConsistencyLevel cl) {
    var statement =
        from.isPresent()
            ? pageFrom.bind(application, bucket, from.get().value(), limit)
            : page.bind(application, bucket, limit);
    // A page never exceeds the limit (at most 1000 rows), so the first result page is all of it.
    return session
        .executeAsync(
            statement
                .setExecutionProfileName(ExecutionProfiles.of(cl))
                .setIdempotent(true)
                .setPageSize(limit + 1))
        .thenApply(
            result -> {
              var queues = new ArrayList<Queue>(result.remaining());
              for (Row row : result.currentPage()) {
                queues.add(toQueue(row));
              }
              return queues;
            });
  }

  private static List<String> principlesOf(QueueSettings settings) {
    return settings.principles().stream().map(Principal::toString).toList();
  }

  private static Queue toQueue(Row row) {
    List<Principal> principles =
        row.getList(PRINCIPLES, String.class).stream()
            .map(text -> Principal.parse(PRINCIPLES, text))
            .toList();
    var settings =
        new QueueSettings(
            row.getInt(PARTITIONS),
            QueueType.parse(row.getString(TYPE)),
            Consistency.parse(row.getString(CONSISTENCY)),
            principles);
    return new Queue(
        row.getString(APPLICATION),
        new QueueName(row.getString(QUEUE_NAME)),
        settings,
        row.getInstant(CREATED),
        row.getUuid(QUEUE_ID));
  }
}
