package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The whole schema as code, applied once at startup. Every statement is idempotent, and each table
 * gets an id derived from its name, so that several instances starting at once create the same
 * table instead of racing to create two tables of one name.
 */
@ApplicationScoped
public class CassandraSchema {

  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
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
              """),
          // Messages all expire (TTL): time windows put messages written together into one
          // SSTable, which is dropped whole once all of it has expired, without compaction. A
          // bucket (an hour by default) fits in a window, so a read touches one or two SSTables.
          // gc_grace equals the default hint window (3 h): a replica down for longer is repaired
          // or replaced anyway. Unchecked tombstone compaction lets an SSTable that overlaps
          // others still be cleaned of its deletions.
          new Table(
              "messages",
              """
              (queue_id uuid, partition int, bucket bigint, message_id timeuuid,
               body text, content_type text,
               PRIMARY KEY ((queue_id, partition, bucket), message_id))
              WITH CLUSTERING ORDER BY (message_id ASC)
               AND compaction = {'class': 'TimeWindowCompactionStrategy',
                                 'compaction_window_unit': 'HOURS',
                                 'compaction_window_size': '6',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """),
          // The used buckets of each queue partition: small, read by every range read, its rows
          // expiring at many different times, hence levelled compaction (a partition in few
          // SSTables) rather than time windows.
          new Table(
              "message_buckets",
              """
              (queue_id uuid, partition int, bucket bigint, expires bigint,
               PRIMARY KEY ((queue_id, partition), bucket, expires))
              WITH CLUSTERING ORDER BY (bucket ASC, expires ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """),
          // Consumer groups (io.queuey.groups): settings per queue incarnation, small and rarely
          // written; every change is a lightweight transaction on the group's row.
          new Table(
              "consumer_groups",
              """
              (queue_id uuid, group_name text, group_id uuid, mode text, visibility int,
               max_deliveries int, dead_letter_queue text, ordered boolean, created timestamp,
               generation int, start timeuuid,
               PRIMARY KEY ((queue_id), group_name))
              WITH CLUSTERING ORDER BY (group_name ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy'}
              """),
          // A group's deliveries per queue partition and generation: the cursor in static
          // columns (each claim replaces it with one conditional batch), a lease row per message
          // handed out. Rows are updated in place and expire (TTL), never deleted; a seek starts
          // a new generation, i.e. a new partition, and the old one just expires.
          new Table(
              "group_deliveries",
              """
              (queue_id uuid, group_id uuid, partition int, generation int, message_id timeuuid,
               claim_token timeuuid static, dispatch timeuuid static, floor timeuuid static,
               dead bigint static,
               lease timeuuid, deadline timestamp, deliveries int, acked_at timestamp,
               dead_at timestamp, gone boolean,
               PRIMARY KEY ((queue_id, group_id, partition, generation), message_id))
              WITH CLUSTERING ORDER BY (message_id ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """),
          // The same per time bucket of the messages (queuey.messages.bucket-seconds), so that no
          // partition grows without bound: the bucket's cursor in static columns, a lease row per
          // message of the bucket handed out; cursor and rows expire (TTL), never deleted. It
          // replaces group_deliveries (a new primary key needs a new table), which is no longer
          // written and is kept only because the schema drops nothing.
          new Table(
              "group_bucket_deliveries",
              """
              (queue_id uuid, group_id uuid, partition int, generation int, bucket bigint,
               message_id timeuuid,
               claim_token timeuuid static, dispatch timeuuid static, floor timeuuid static,
               dead bigint static,
               lease timeuuid, deadline timestamp, deliveries int, acked_at timestamp,
               dead_at timestamp, gone boolean,
               PRIMARY KEY ((queue_id, group_id, partition, generation, bucket), message_id))
              WITH CLUSTERING ORDER BY (message_id ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """),
          // Where a group partition's bucketed state begins: a marker (static, written with a
          // timestamp derived from its value, so it only moves forward) and a row per bucket
          // reopened behind it by a late message (TTL'd). Tiny; read by every claim.
          new Table(
              "group_delivery_marks",
              """
              (queue_id uuid, group_id uuid, partition int, generation int, bucket bigint,
               settled_to bigint static, dead_before bigint static,
               reopened timeuuid, closed timeuuid,
               PRIMARY KEY ((queue_id, group_id, partition, generation), bucket))
              WITH CLUSTERING ORDER BY (bucket ASC)
               AND compaction = {'class': 'LeveledCompactionStrategy',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """),
          // Idempotent publishing (io.queuey.dedup): a row per queue incarnation and key, written
          // IF NOT EXISTS with the dedup window as its TTL; never deleted on the normal path.
          new Table(
              "idempotency_keys",
              """
              (queue_id uuid, idempotency_key text, message_id timeuuid, partition int,
               PRIMARY KEY ((queue_id, idempotency_key)))
              WITH compaction = {'class': 'LeveledCompactionStrategy',
                                 'unchecked_tombstone_compaction': 'true'}
               AND gc_grace_seconds = 10800
              """));

  public void apply(CqlSession session, String keyspace, String replication) {
    execute(
        session,
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
      execute(session, statement);
    }
    LOG.info(() -> "Schema of keyspace " + keyspace + " is in place");
  }

  /**
   * Schema changes wait for every node to agree, which takes far longer than a query, above all on
   * a busy machine: they get a timeout of their own.
   */
  private static void execute(CqlSession session, String ddl) {
    session.execute(SimpleStatement.newInstance(ddl).setTimeout(DDL_TIMEOUT));
  }

  protected List<Table> tables() {
    return TABLES;
  }

  static UUID tableId(String keyspace, String table) {
    return UUID.nameUUIDFromBytes((keyspace + "." + table).getBytes(StandardCharsets.UTF_8));
  }
}
