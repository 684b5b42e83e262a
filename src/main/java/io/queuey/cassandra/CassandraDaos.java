package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * A feature's DAOs, built by the connection as soon as the session is open and the schema applied,
 * so that every statement is prepared at connect rather than on first use, and a statement that
 * Cassandra rejects keeps the instance from becoming ready instead of failing requests later.
 */
public interface CassandraDaos {

  /** Where the DAOs built by {@link #prepare} go. */
  interface Registry {
    <T> void put(Class<T> type, T dao);
  }

  /** Builds this feature's DAOs on {@code session} (preparing their statements). */
  void prepare(CqlSession session, String keyspace, Registry registry);
}
