package io.queuey.dedup.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import io.queuey.cassandra.CassandraDaos;
import jakarta.enterprise.context.ApplicationScoped;

/** The idempotency keys' DAO, prepared when the connection opens, never on first use. */
@ApplicationScoped
public class DedupCassandraDaos implements CassandraDaos {

  @Override
  public void prepare(CqlSession session, String keyspace, Registry registry) {
    registry.put(IdempotencyKeysDao.class, new IdempotencyKeysDao(session, keyspace));
  }
}
