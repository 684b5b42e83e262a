package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.queuey.cassandra.CassandraDaos;
import jakarta.enterprise.context.ApplicationScoped;

/** The message tables' DAOs, prepared when the connection opens. */
@ApplicationScoped
public class MessageCassandraDaos implements CassandraDaos {

  @Override
  public void prepare(CqlSession session, String keyspace, Registry registry) {
    registry.put(MessagesDao.class, new MessagesDao(session, keyspace));
    registry.put(MessageBucketsDao.class, new MessageBucketsDao(session, keyspace));
  }
}
