package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The whole schema as code, applied once at startup. Every statement is idempotent, and each
 * table gets an id derived from its name, so that several instances starting at once create the
 * same table instead of racing to create two tables of one name.
 */
@ApplicationScoped
public class CassandraSchema {

  private static final Logger LOG = Logger.getLogger(CassandraSchema.class.getName());

  /** A table: its name and its CQL after {@code CREATE TABLE IF NOT EXISTS ks.name}. */
  public record Table(String name, String definition) {}

  /** Each feature's tables; their DAOs name the columns. */
  static final List<Table> TABLES =
      List.of(
          new Table(
              "queues",
              """
              (application text, bucket int, queue_name text,
               queue_id uuid, partitions int, type text, consistency text,
               principles list<text>, created timestamp,
               PRIMARY KEY ((application, bucket), queue_name))
              WITH CLUSTERING ORDER BY (queue_name ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy'}
              """));

  public void apply(CqlSession session, String keyspace, String replication) {
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
    for (Table table : tables()) {
      String statement =
          "CREATE TABLE IF NOT EXISTS "
              + keyspace
              + "."
              + table.name()
              + " "
              + table.definition().strip()
              + " AND ID = "
              + tableId(keyspace, table.name());
      session.execute(statement);
    }
    LOG.info(() -> "Schema of keyspace " + keyspace + " is in place");
  }

  protected List<Table> tables() {
    return TABLES;
  }

  static UUID tableId(String keyspace, String table) {
    return UUID.nameUUIDFromBytes((keyspace + "." + table).getBytes(StandardCharsets.UTF_8));
  }
}
