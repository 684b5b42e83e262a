package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Lease;
import io.queuey.messages.entity.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code group_bucket_deliveries} table: one Cassandra partition per queue incarnation, group
 * incarnation, queue partition, generation and time bucket of the messages (so that no partition
 * grows without bound). Its static columns are the bucket's cursor, its rows the leases of the
 * bucket's messages, clustered by message id. Rows and cursor are only ever updated in place and
 * expire with a TTL: no deletes, so no read wades through tombstones.
 */
class DeliveriesDao {

  static final String TABLE = "group_bucket_deliveries";
  static final String QUEUE_ID = "queue_id";
  static final String GROUP_ID = "group_id";
  static final String PARTITION = "partition";
  static final String GENERATION = "generation";
  static final String BUCKET = "bucket";
  static final String MESSAGE_ID = "message_id";
  static final String CLAIM_TOKEN = "claim_token";
  static final String DISPATCH = "dispatch";
  static final String FLOOR = "floor";
  static final String DEAD = "dead";
  static final String LEASE = "lease";
  static final String DEADLINE = "deadline";
  static final String DELIVERIES = "deliveries";
  static final String ACKED_AT = "acked_at";
  static final String DEAD_AT = "dead_at";
  static final String GONE = "gone";

  private static final String KEY =
      QUEUE_ID
          + " = ? AND "
          + GROUP_ID
          + " = ? AND "
          + PARTITION
          + " = ? AND "
          + GENERATION
          + " = ? AND "
          + BUCKET
          + " = ?";
  private static final String ROW_COLUMNS =
      String.join(", ", MESSAGE_ID, LEASE, DEADLINE, DELIVERIES, ACKED_AT, DEAD_AT, GONE);

  private final CqlSession session;
  final PreparedStatement selectCursor;
  final PreparedStatement selectFirst;
  final PreparedStatement selectAfter;
  final PreparedStatement selectIds;
  final PreparedStatement cursorIf;
  final PreparedStatement cursorIfNew;
  final PreparedStatement freshLease;
  final PreparedStatement existingLease;
  final PreparedStatement ackIf;
  final PreparedStatement ack;
  final PreparedStatement releaseIf;
  final PreparedStatement extendIf;

  DeliveriesDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    selectCursor =
        session.prepare(
            "SELECT "
                + String.join(", ", CLAIM_TOKEN, DISPATCH, FLOOR, DEAD)
                + " FROM "
                + table
                + " WHERE "
                + KEY
                + " LIMIT 1");
    String rows = "SELECT " + ROW_COLUMNS + " FROM " + table + " WHERE " + KEY;
    selectFirst = session.prepare(rows + " LIMIT ?");
    selectAfter = session.prepare(rows + " AND " + MESSAGE_ID + " > ? LIMIT ?");
    selectIds = session.prepare(rows + " AND " + MESSAGE_ID + " IN ?");
    String setCursor =
        "UPDATE "
            + table
            + " USING TTL ? SET "
            + CLAIM_TOKEN
            + " = ?, "
            + DISPATCH
            + " = ?, "
            + FLOOR
            + " = ?, "
            + DEAD
            + " = ? WHERE "
            + KEY;
    cursorIf = session.prepare(setCursor + " IF " + CLAIM_TOKEN + " = ?");
    cursorIfNew = session.prepare(setCursor + " IF " + CLAIM_TOKEN + " = null");
    String row = " WHERE " + KEY + " AND " + MESSAGE_ID + " = ?";
    String current = " IF " + LEASE + " = ? AND " + ACKED_AT + " = null";
    freshLease =
        session.prepare(
            "UPDATE "
                + table
                + " USING TTL ? SET "
                + LEASE
                + " = ?, "
                + DEADLINE
                + " = ?, "
                + DELIVERIES
                + " = ?, "
                + GONE
                + " = false"
                + row);
    existingLease =
        session.prepare(
            "UPDATE "
                + table
                + " USING TTL ? SET "
                + LEASE
                + " = ?, "
                + DEADLINE
                + " = ?, "
                + DELIVERIES
                + " = ?, "
                + DEAD_AT
                + " = ?, "
                + GONE
                + " = ?"
                + row
                + current);
    ackIf =
        session.prepare(
            "UPDATE "
                + table
                + " USING TTL ? SET "
                + ACKED_AT
                + " = ?"
                + row
                + " IF "
                + LEASE
                + " = ?");
    ack = session.prepare("UPDATE " + table + " USING TTL ? SET " + ACKED_AT + " = ?" + row);
    releaseIf =
        session.prepare(
            "UPDATE "
                + table
                + " USING TTL ? SET "
                + LEASE
                + " = ?, "
                + DEADLINE
                + " = ?"
                + row
                + current);
    extendIf =
        session.prepare(
            "UPDATE "
                + table
                + " USING TTL ? SET "
                + DEADLINE
                + " = ?"
                + row
                + current
                + " AND "
                + DEADLINE
                + " > ?");
  }

  /** Binds in order; a null value is left unset (writing a null would write a tombstone). */
  private static BoundStatement bind(
      PreparedStatement statement, DeliveryKey key, Object... around) {
    // around holds the values before the key, then KEY_MARK, then those after it.
    int mark = -1;
    for (int i = 0; i < around.length; i++) {
      if (around[i] == KEY_MARK) {
        mark = i;
      }
    }
    if (!key.hasBucket()) {
      throw new IllegalArgumentException("lease state lives in a bucket: " + key);
    }
    var values = new Object[around.length - 1 + 5];
    int at = 0;
    for (int i = 0; i < around.length; i++) {
      if (i == mark) {
        values[at++] = key.queueId();
        values[at++] = key.groupId();
        values[at++] = key.partition().number();
        values[at++] = key.generation();
        values[at++] = key.bucket();
      } else {
        values[at++] = around[i];
      }
    }
    BoundStatement bound = statement.bind(values);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        bound = bound.unset(i);
      }
    }
    return bound;
  }

  /** Where the five key columns go among a statement's values. */
  private static final Object KEY_MARK = new Object();

  BoundStatement cursor(DeliveryKey key) {
    return bind(selectCursor, key, KEY_MARK).setIdempotent(true);
  }

  BoundStatement leasesAfter(DeliveryKey key, Optional<MessageId> after, int limit) {
    BoundStatement bound =
        after.isPresent()
            ? bind(selectAfter, key, KEY_MARK, after.get().uuid(), limit)
            : bind(selectFirst, key, KEY_MARK, limit);
    return bound.setPageSize(limit).setIdempotent(true);
  }

  BoundStatement leases(DeliveryKey key, List<MessageId> ids) {
    return bind(selectIds, key, KEY_MARK, ids.stream().map(MessageId::uuid).toList())
        .setIdempotent(true);
  }

  /** The new cursor, if the token is still {@code expected}. Empty marks are left unset. */
  BoundStatement setCursor(DeliveryKey key, Optional<UUID> expected, Cursor next, int ttl) {
    UUID token = next.token().orElseThrow();
    UUID dispatch = next.dispatch().map(MessageId::uuid).orElse(null);
    UUID floor = next.floor().map(MessageId::uuid).orElse(null);
    return expected.isPresent()
        ? bind(cursorIf, key, ttl, token, dispatch, floor, next.dead(), KEY_MARK, expected.get())
        : bind(cursorIfNew, key, ttl, token, dispatch, floor, next.dead(), KEY_MARK);
  }

  BoundStatement freshLease(DeliveryKey key, Lease lease, int ttl) {
    return bind(
        freshLease,
        key,
        ttl,
        lease.lease(),
        lease.deadline(),
        lease.deliveries(),
        KEY_MARK,
        lease.messageId().uuid());
  }

  BoundStatement existingLease(DeliveryKey key, UUID expected, Lease lease, int ttl) {
    return bind(
        existingLease,
        key,
        ttl,
        lease.lease(),
        lease.deadline(),
        lease.deliveries(),
        lease.deadAt().orElse(null),
        lease.gone(),
        KEY_MARK,
        lease.messageId().uuid(),
        expected);
  }

  BoundStatement ackIf(DeliveryKey key, MessageId id, UUID lease, Instant at, int ttl) {
    return bind(ackIf, key, ttl, at, KEY_MARK, id.uuid(), lease);
  }

  BoundStatement ack(DeliveryKey key, MessageId id, Instant at, int ttl) {
    return bind(ack, key, ttl, at, KEY_MARK, id.uuid()).setIdempotent(true);
  }

  BoundStatement releaseIf(
      DeliveryKey key, MessageId id, UUID lease, UUID newLease, Instant deadline, int ttl) {
    return bind(releaseIf, key, ttl, newLease, deadline, KEY_MARK, id.uuid(), lease);
  }

  BoundStatement extendIf(
      DeliveryKey key, MessageId id, UUID lease, Instant now, Instant deadline, int ttl) {
    return bind(extendIf, key, ttl, deadline, KEY_MARK, id.uuid(), lease, now);
  }

  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  static Cursor toCursor(Row row) {
    if (row == null) {
      return Cursor.EMPTY;
    }
    UUID dispatch = row.getUuid(DISPATCH);
    UUID floor = row.getUuid(FLOOR);
    return new Cursor(
        Optional.ofNullable(row.getUuid(CLAIM_TOKEN)),
        Optional.ofNullable(dispatch).map(MessageId::of),
        Optional.ofNullable(floor).map(MessageId::of),
        row.isNull(DEAD) ? 0 : row.getLong(DEAD));
  }

  /** The lease of a row; empty for a row that is not one (only statics, or its lease expired). */
  static Optional<Lease> toLease(Row row) {
    UUID id = row.getUuid(MESSAGE_ID);
    UUID lease = row.getUuid(LEASE);
    Instant deadline = row.getInstant(DEADLINE);
    if (id == null || lease == null || deadline == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Lease(
            MessageId.of(id),
            lease,
            deadline,
            row.isNull(DELIVERIES) ? 0 : row.getInt(DELIVERIES),
            Optional.ofNullable(row.getInstant(ACKED_AT)),
            Optional.ofNullable(row.getInstant(DEAD_AT)),
            !row.isNull(GONE) && row.getBoolean(GONE)));
  }
}
