package io.queuey.dedup.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code idempotency_keys} table: a row per queue incarnation and key, written {@code IF NOT
 * EXISTS} with the window as its TTL, so a key is forgotten by expiry rather than by a delete.
 */
class IdempotencyKeysDao {

  static final String TABLE = "idempotency_keys";
  static final String QUEUE_ID = "queue_id";
  static final String KEY = "idempotency_key";
  static final String MESSAGE_ID = "message_id";
  static final String PARTITION = "partition";

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  IdempotencyKeysDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    String where = " WHERE " + QUEUE_ID + " = ? AND " + KEY + " = ?";
    insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + QUEUE_ID
                + ", "
                + KEY
                + ", "
                + MESSAGE_ID
                + ", "
                + PARTITION
                + ") VALUES (?, ?, ?, ?) IF NOT EXISTS USING TTL ?");
    select = session.prepare("SELECT " + MESSAGE_ID + ", " + PARTITION + " FROM " + table + where);
    delete = session.prepare("DELETE FROM " + table + where + " IF " + MESSAGE_ID + " = ?");
  }

  BoundStatement insert(UUID queueId, IdempotencyKey key, Original candidate, int ttl) {
    return insert.bind(queueId, key.value(), candidate.messageId(), candidate.partition(), ttl);
  }

  BoundStatement select(UUID queueId, IdempotencyKey key) {
    return select.bind(queueId, key.value()).setIdempotent(true);
  }

  BoundStatement delete(UUID queueId, IdempotencyKey key, Original mine) {
    return delete.bind(queueId, key.value(), mine.messageId());
  }

  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  /** The original of a row read, or of the row a failed {@code IF NOT EXISTS} answers. */
  static Optional<Original> toOriginal(Row row) {
    if (row == null || row.getUuid(MESSAGE_ID) == null) {
      return Optional.empty();
    }
    return Optional.of(new Original(row.getUuid(MESSAGE_ID), row.getInt(PARTITION)));
  }
}
