package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.queuey.cassandra.CassandraDaos;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer-group tables' DAOs, prepared when the connection opens: never on first use, which
 * may be on a driver thread (a post's completion telling the groups of a late message), where the
 * driver refuses the synchronous prepare.
 */
@ApplicationScoped
public class GroupCassandraDaos implements CassandraDaos {

  @Override
  public void prepare(CqlSession session, String keyspace, Registry registry) {
    registry.put(GroupsDao.class, new GroupsDao(session, keyspace));
    registry.put(DeliveriesDao.class, new DeliveriesDao(session, keyspace));
    registry.put(DeliveryMarksDao.class, new DeliveryMarksDao(session, keyspace));
  }
}
