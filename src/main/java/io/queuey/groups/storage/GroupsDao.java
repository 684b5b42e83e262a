package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import io.queuey.groups.entity.Mode;
import io.queuey.messages.entity.MessageId;
import io.queuey.queues.entity.QueueName;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The {@code consumer_groups} table: one Cassandra partition per queue incarnation, a row per
 * group. Small and rarely written; every change is conditional on the group's incarnation.
 */
class GroupsDao {

  static final String TABLE = "consumer_groups";
  static final String QUEUE_ID = "queue_id";
  static final String GROUP_NAME = "group_name";
  static final String GROUP_ID = "group_id";
  static final String MODE = "mode";
  static final String VISIBILITY = "visibility";
  static final String MAX_DELIVERIES = "max_deliveries";
  static final String DEAD_LETTER_QUEUE = "dead_letter_queue";
  static final String ORDERED = "ordered";
  static final String CREATED = "created";
  static final String GENERATION = "generation";
  static final String START = "start";

  /** No dead-letter queue: an empty name rather than a null, which would write a tombstone. */
  private static final String NONE = "";

  private static final String COLUMNS =
      String.join(
          ", ",
          QUEUE_ID,
          GROUP_NAME,
          GROUP_ID,
          MODE,
          VISIBILITY,
          MAX_DELIVERIES,
          DEAD_LETTER_QUEUE,
          ORDERED,
          CREATED,
          GENERATION,
          START);

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement selectOne;
  private final PreparedStatement selectAll;
  private final PreparedStatement update;
  private final PreparedStatement seek;
  private final PreparedStatement delete;
  private final PreparedStatement deleteAll;

  GroupsDao(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + "." + TABLE;
    insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " IF NOT EXISTS");
    selectOne =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM "
                + table
                + " WHERE "
                + QUEUE_ID
                + " = ? AND "
                + GROUP_NAME
                + " = ?");
    selectAll =
        session.prepare("SELECT " + COLUMNS + " FROM " + table + " WHERE " + QUEUE_ID + " = ?");
    String row = " WHERE " + QUEUE_ID + " = ? AND " + GROUP_NAME + " = ? IF " + GROUP_ID + " = ?";
    update =
        session.prepare(
            "UPDATE "
                + table
                + " SET "
                + VISIBILITY
                + " = ?, "
                + MAX_DELIVERIES
                + " = ?, "
                + DEAD_LETTER_QUEUE
                + " = ?"
                + row);
    seek =
        session.prepare(
            "UPDATE "
                + table
                + " SET "
                + GENERATION
                + " = ?, "
                + START
                + " = ?"
                + row
                + " AND "
                + GENERATION
                + " = ?");
    delete = session.prepare("DELETE FROM " + table + row);
    deleteAll = session.prepare("DELETE FROM " + table + " WHERE " + QUEUE_ID + " = ?");
  }

  BoundStatement insert(Group group) {
    return insert.bind(
        group.queueId(),
        group.name().value(),
        group.id(),
        group.mode().wire(),
        group.visibilitySeconds(),
        group.maxDeliveries(),
        group.deadLetterQueue().map(QueueName::value).orElse(NONE),
        group.ordered(),
        group.created(),
        group.generation(),
        group.start().uuid());
  }

  BoundStatement selectOne(UUID queueId, GroupName name) {
    return selectOne.bind(queueId, name.value()).setIdempotent(true);
  }

  BoundStatement selectAll(UUID queueId) {
    return selectAll.bind(queueId).setIdempotent(true);
  }

  BoundStatement update(Group group) {
    return update.bind(
        group.visibilitySeconds(),
        group.maxDeliveries(),
        group.deadLetterQueue().map(QueueName::value).orElse(NONE),
        group.queueId(),
        group.name().value(),
        group.id());
  }

  BoundStatement seek(Group current, Group next) {
    return seek.bind(
        next.generation(),
        next.start().uuid(),
        current.queueId(),
        current.name().value(),
        current.id(),
        current.generation());
  }

  BoundStatement delete(Group group) {
    return delete.bind(group.queueId(), group.name().value(), group.id());
  }

  BoundStatement deleteAll(UUID queueId) {
    return deleteAll.bind(queueId).setIdempotent(true);
  }

  CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    return session.executeAsync(statement);
  }

  static Optional<Group> toGroup(Row row) {
    if (row == null || row.getUuid(GROUP_ID) == null) {
      return Optional.empty();
    }
    String deadLetter = row.getString(DEAD_LETTER_QUEUE);
    return Optional.of(
        new Group(
            row.getUuid(QUEUE_ID),
            GroupName.parse(row.getString(GROUP_NAME)),
            row.getUuid(GROUP_ID),
            Mode.parse(row.getString(MODE)),
            row.getInt(VISIBILITY),
            row.getInt(MAX_DELIVERIES),
            deadLetter == null || deadLetter.isEmpty()
                ? Optional.empty()
                : QueueName.tryParse(deadLetter),
            row.getBoolean(ORDERED),
            row.getInstant(CREATED),
            row.getInt(GENERATION),
            MessageId.of(row.getUuid(START))));
  }
}
