package io.queuey.queues.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.queuey.cassandra.CassandraDaos;
import jakarta.enterprise.context.ApplicationScoped;

/** The queue table's DAO, prepared when the connection opens. */
@ApplicationScoped
public class QueueCassandraDaos implements CassandraDaos {

  @Override
  public void prepare(CqlSession session, String keyspace, Registry registry) {
    registry.put(QueuesDao.class, new QueuesDao(session, keyspace));
  }
}
