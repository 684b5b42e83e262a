package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Ttl;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code messages} table: one Cassandra partition per queue incarnation, queue partition and
 * time bucket, messages clustered by id. The statements are built here; the store executes them,
 * alone or in batches, at the queue's consistency level.
 */
public class MessagesDao {

  public static final String TABLE = "messages";
  static final String QUEUE_ID = "queue_id";
  static final String PARTITION = "partition";
  static final String BUCKET = "bucket";
  static final String MESSAGE_ID = "message_id";
  static final String BODY = "body";
  static final String CONTENT_TYPE = "content_type";

  /**
   * Stored for a message posted without a content type. An empty string rather than null, because
   * writing a null writes a tombstone, and tombstones are what this table avoids.
   */
  private static final String NO_CONTENT_TYPE = "";

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement rangeAscending;
  private final PreparedStatement rangeDescending;
  private final PreparedStatement selectByIds;
  private final PreparedStatement selectIds;
  private final PreparedStatement deleteOne;
  private final PreparedStatement deleteBucket;

  public MessagesDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    String key = QUEUE_ID + " = ? AND " + PARTITION + " = ? AND " + BUCKET + " = ?";
    String columns = MESSAGE_ID + ", " + BODY + ", " + CONTENT_TYPE;
    insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", QUEUE_ID, PARTITION, BUCKET, MESSAGE_ID, BODY, CONTENT_TYPE)
                + ") VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    String range =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE "
            + key
            + " AND "
            + MESSAGE_ID
            + " >= ? AND "
            + MESSAGE_ID
            + " <= ?";
    rangeAscending = session.prepare(range + " LIMIT ?");
    rangeDescending = session.prepare(range + " ORDER BY " + MESSAGE_ID + " DESC LIMIT ?");
    selectByIds =
        session.prepare(
            "SELECT "
                + columns
                + " FROM "
                + table
                + " WHERE "
                + key
                + " AND "
                + MESSAGE_ID
                + " IN ?");
    selectIds = session.prepare("SELECT " + MESSAGE_ID + " FROM " + table + " WHERE " + key);
    deleteOne =
        session.prepare("DELETE FROM " + table + " WHERE " + key + " AND " + MESSAGE_ID + " = ?");
    deleteBucket = session.prepare("DELETE FROM " + table + " WHERE " + key);
  }

  /** Creates or replaces the message, cells and TTL alike. */
  BoundStatement insert(
      UUID queueId,
      Partition partition,
      long bucket,
      MessageId id,
      String body,
      String contentType,
      Ttl ttl) {
    return insert
        .bind(
            queueId,
            partition.number(),
            bucket,
            id.uuid(),
            body,
            contentType == null ? NO_CONTENT_TYPE : contentType,
            ttl.seconds())
        .setIdempotent(true);
  }

  /** Up to {@code limit} messages of one bucket between two ids, both inclusive. */
  BoundStatement range(
      UUID queueId,
      Partition partition,
      long bucket,
      MessageId lowest,
      MessageId highest,
      int limit,
      Order order) {
    PreparedStatement range = order == Order.ASCENDING ? rangeAscending : rangeDescending;
    return range
        .bind(queueId, partition.number(), bucket, lowest.uuid(), highest.uuid(), limit)
        .setPageSize(limit)
        .setIdempotent(true);
  }

  BoundStatement byIds(UUID queueId, Partition partition, long bucket, List<UUID> ids) {
    return selectByIds.bind(queueId, partition.number(), bucket, ids).setIdempotent(true);
  }

  /** Only the ids of one bucket: what counting needs, and the cheapest column to read. */
  BoundStatement ids(UUID queueId, Partition partition, long bucket) {
    return selectIds.bind(queueId, partition.number(), bucket).setIdempotent(true);
  }

  BoundStatement delete(UUID queueId, Partition partition, long bucket, MessageId id) {
    return deleteOne.bind(queueId, partition.number(), bucket, id.uuid()).setIdempotent(true);
  }

  /** Deletes the whole bucket with one partition tombstone. */
  BoundStatement deleteBucket(UUID queueId, Partition partition, long bucket) {
    return deleteBucket.bind(queueId, partition.number(), bucket).setIdempotent(true);
  }

  /** Overridden by tests that need to see or fail what the store sends. */
  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  /** The message of a row of {@link #range} or {@link #byIds}. */
  static Optional<Message> toMessage(Row row, Partition partition) {
    String body = row.getString(BODY);
    if (body == null) {
      // Every write sets the body; a row without one is not a message, and must not fail the
      // whole read it appears in.
      return Optional.empty();
    }
    String contentType = row.getString(CONTENT_TYPE);
    return Optional.of(
        new Message(
            MessageId.of(row.getUuid(MESSAGE_ID)),
            partition,
            body,
            contentType == null || contentType.isEmpty() ? null : contentType));
  }

  static MessageId idOf(Row row) {
    return MessageId.of(row.getUuid(MESSAGE_ID));
  }
}
