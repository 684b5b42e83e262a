package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.queuey.cassandra.CassandraConnection;
import java.util.function.Supplier;

/**
 * Where the Cassandra store gets its DAOs: from the server's connection, which may not be connected
 * yet (then each call fails with {@code StorageUnavailable}), or from a session of a test's own.
 */
record MessageDaos(Supplier<MessagesDao> messages, Supplier<MessageBucketsDao> buckets) {

  static MessageDaos of(CassandraConnection connection) {
    return new MessageDaos(
        () ->
            connection.dao(
                MessagesDao.class, session -> new MessagesDao(session, connection.keyspace())),
        () ->
            connection.dao(
                MessageBucketsDao.class,
                session -> new MessageBucketsDao(session, connection.keyspace())));
  }

  /** Prepares the statements now, once. */
  static MessageDaos of(CqlSession session, String keyspace) {
    MessagesDao messages = new MessagesDao(session, keyspace);
    MessageBucketsDao buckets = new MessageBucketsDao(session, keyspace);
    return new MessageDaos(() -> messages, () -> buckets);
  }
}
