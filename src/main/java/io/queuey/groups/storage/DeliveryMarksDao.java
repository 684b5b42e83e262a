package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.groups.entity.BucketMarks;
import io.queuey.groups.entity.DeliveryKey;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code group_delivery_marks} table: one small Cassandra partition per queue incarnation,
 * group incarnation, queue partition and generation. Its static columns are the bucket marker
 * ({@code settled_to}, {@code dead_before}), written with the write timestamp derived from the
 * marker, so that Cassandra's last-write-wins keeps the furthest marker whatever order writes land
 * in: a monotonic marker without a lightweight transaction. Its rows are the reopened buckets
 * (TTL'd).
 */
class DeliveryMarksDao {

  static final String TABLE = "group_delivery_marks";
  static final String QUEUE_ID = "queue_id";
  static final String GROUP_ID = "group_id";
  static final String PARTITION = "partition";
  static final String GENERATION = "generation";
  static final String BUCKET = "bucket";
  static final String SETTLED_TO = "settled_to";
  static final String DEAD_BEFORE = "dead_before";
  static final String REOPENED = "reopened";
  static final String CLOSED = "closed";

  /** Reopened buckets one read returns: more than a state TTL's worth of hourly buckets. */
  static final int MAX_ROWS = 1000;

  private static final String KEY =
      QUEUE_ID
          + " = ? AND "
          + GROUP_ID
          + " = ? AND "
          + PARTITION
          + " = ? AND "
          + GENERATION
          + " = ?";

  private final CqlSession session;
  final PreparedStatement select;
  final PreparedStatement settle;
  final PreparedStatement reopen;
  final PreparedStatement close;

  DeliveryMarksDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    select =
        session.prepare(
            "SELECT "
                + String.join(", ", SETTLED_TO, DEAD_BEFORE, BUCKET, REOPENED, CLOSED)
                + " FROM "
                + table
                + " WHERE "
                + KEY
                + " LIMIT "
                + MAX_ROWS);
    settle =
        session.prepare(
            "UPDATE "
                + table
                + " USING TIMESTAMP ? SET "
                + SETTLED_TO
                + " = ?, "
                + DEAD_BEFORE
                + " = ? WHERE "
                + KEY);
    String row = " WHERE " + KEY + " AND " + BUCKET + " = ?";
    reopen = session.prepare("UPDATE " + table + " USING TTL ? SET " + REOPENED + " = ?" + row);
    close = session.prepare("UPDATE " + table + " USING TTL ? SET " + CLOSED + " = ?" + row);
  }

  BoundStatement marks(DeliveryKey key) {
    return select
        .bind(key.queueId(), key.groupId(), key.partition().number(), key.generation())
        .setPageSize(MAX_ROWS)
        .setIdempotent(true);
  }

  /**
   * The write timestamp is the marker in microseconds (a bucket is named by its first second), at
   * least 1: a later bucket always writes with a later timestamp and so wins.
   */
  BoundStatement settleTo(DeliveryKey key, long settledTo, long deadBefore) {
    long timestamp = settledTo <= 0 ? 1 : settledTo * 1_000_000L;
    return settle
        .bind(
            timestamp,
            settledTo,
            deadBefore,
            key.queueId(),
            key.groupId(),
            key.partition().number(),
            key.generation())
        .setIdempotent(true);
  }

  BoundStatement reopen(DeliveryKey key, UUID token, int ttl) {
    return bucketRow(reopen, key, token, ttl);
  }

  BoundStatement close(DeliveryKey key, UUID token, int ttl) {
    return bucketRow(close, key, token, ttl);
  }

  /** A write of the token into the row of the key's bucket. */
  private static BoundStatement bucketRow(
      PreparedStatement statement, DeliveryKey key, UUID token, int ttl) {
    return statement
        .bind(
            ttl,
            token,
            key.queueId(),
            key.groupId(),
            key.partition().number(),
            key.generation(),
            key.bucket())
        .setIdempotent(true);
  }

  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  /** The marks of one page (the read is limited to what one page holds). */
  static BucketMarks toMarks(AsyncResultSet rows) {
    Optional<Long> settledTo = Optional.empty();
    long deadBefore = 0;
    var reopened = new TreeMap<Long, UUID>();
    for (Row row : rows.currentPage()) {
      if (!row.isNull(SETTLED_TO)) {
        settledTo = Optional.of(row.getLong(SETTLED_TO));
        deadBefore = row.isNull(DEAD_BEFORE) ? 0 : row.getLong(DEAD_BEFORE);
      }
      if (row.isNull(BUCKET) || row.isNull(REOPENED)) {
        continue;
      }
      UUID token = row.getUuid(REOPENED);
      if (!token.equals(row.getUuid(CLOSED))) {
        reopened.put(row.getLong(BUCKET), token);
      }
    }
    return new BucketMarks(settledTo, deadBefore, reopened);
  }
}
