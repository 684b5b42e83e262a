package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code message_buckets} table: which time buckets of a queue partition hold messages, so that
 * a range read visits only those. A bucket has one row per coarse expiry it holds messages for,
 * because a row's life can only be set whole: rewriting one row with a shorter TTL would cut it
 * short while longer-lived messages still need it.
 */
public class MessageBucketsDao {

  public static final String TABLE = "message_buckets";
  static final String QUEUE_ID = "queue_id";
  static final String PARTITION = "partition";
  static final String BUCKET = "bucket";
  static final String EXPIRES = "expires";

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement bucketsAscending;
  private final PreparedStatement bucketsDescending;
  private final PreparedStatement deleteAll;

  public MessageBucketsDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    String key = QUEUE_ID + " = ? AND " + PARTITION + " = ?";
    insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", QUEUE_ID, PARTITION, BUCKET, EXPIRES)
                + ") VALUES (?, ?, ?, ?) USING TTL ?");
    String buckets =
        "SELECT "
            + BUCKET
            + " FROM "
            + table
            + " WHERE "
            + key
            + " AND "
            + BUCKET
            + " >= ? AND "
            + BUCKET
            + " <= ?";
    bucketsAscending = session.prepare(buckets);
    bucketsDescending = session.prepare(buckets + " ORDER BY " + BUCKET + " DESC");
    deleteAll = session.prepare("DELETE FROM " + table + " WHERE " + key);
  }

  BoundStatement insert(
      UUID queueId, Partition partition, long bucket, long expires, int ttlSeconds) {
    return insert
        .bind(queueId, partition.number(), bucket, expires, ttlSeconds)
        .setIdempotent(true);
  }

  /**
   * The used buckets from {@code first} to {@code last} inclusive, in {@code order}; a bucket
   * appears once per expiry it holds, next to itself, for the reader to skip.
   */
  BoundStatement buckets(
      UUID queueId, Partition partition, long first, long last, Order order, int pageSize) {
    PreparedStatement buckets = order == Order.ASCENDING ? bucketsAscending : bucketsDescending;
    return buckets
        .bind(queueId, partition.number(), first, last)
        .setPageSize(pageSize)
        .setIdempotent(true);
  }

  BoundStatement deleteAll(UUID queueId, Partition partition) {
    return deleteAll.bind(queueId, partition.number()).setIdempotent(true);
  }

  /** Overridden by tests that need to see or fail what the store sends. */
  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  static long bucketOf(Row row) {
    return row.getLong(BUCKET);
  }
}
