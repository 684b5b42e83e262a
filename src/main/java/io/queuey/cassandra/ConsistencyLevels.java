package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.queuey.queues.entity.Consistency;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Cassandra consistency levels of each queue consistency (API.md, Delivery characteristics),
 * which depend on the shape of the cluster: property {@code queuey.cassandra.topology}.
 */
@ApplicationScoped
public class ConsistencyLevels {

  public static final String TOPOLOGY_PROPERTY = "queuey.cassandra.topology";

  /** The shape of the cluster, as far as consistency levels care. */
  public enum Topology {
    /** Single node if the session sees one node, else single data centre. */
    AUTO("auto"),
    SINGLE_NODE("single-node"),
    SINGLE_DC("single-dc"),
    MULTI_DC("multi-dc");

    private final String configName;

    Topology(String configName) {
      this.configName = configName;
    }

    public static Topology parse(String text) {
      String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      for (Topology topology : values()) {
        if (topology.configName.equals(trimmed)) {
          return topology;
        }
      }
      throw new IllegalStateException(
          TOPOLOGY_PROPERTY
              + " must be 'auto', 'single-node', 'single-dc' or 'multi-dc', not '"
              + text
              + "'");
    }

    @Override
    public String toString() {
      return configName;
    }
  }

  @Inject
  @ConfigProperty(name = TOPOLOGY_PROPERTY, defaultValue = "auto")
  String topologyProperty;

  @Inject CassandraConnection connection;

  private Topology configured;
  private IntSupplier nodeCount;

  /** For CDI: the topology comes from the configuration, the node count from the connection. */
  public ConsistencyLevels() {}

  /** For tests and tools: {@code nodeCount} is asked only when {@code configured} is AUTO. */
  public ConsistencyLevels(Topology configured, IntSupplier nodeCount) {
    this.configured = Objects.requireNonNull(configured, "configured");
    this.nodeCount = Objects.requireNonNull(nodeCount, "nodeCount");
  }

  @PostConstruct
  void configure() {
    configured = Topology.parse(topologyProperty);
    nodeCount = connection::nodeCount;
  }

  /** The level of every write of a queue's messages. */
  public ConsistencyLevel write(Consistency consistency) {
    return forMessages(topology(), consistency);
  }

  /**
   * The level of every read of a queue's messages: the same as for writes, so that strong reads
   * overlap strong writes in at least one replica.
   */
  public ConsistencyLevel read(Consistency consistency) {
    return forMessages(topology(), consistency);
  }

  /**
   * The level of the index rows that make a queue's messages reachable: at least a quorum whatever
   * the queue's consistency, because each instance writes an index row once and then remembers it,
   * so an index row lost with a replica would hide its whole bucket from range reads until repair.
   */
  public ConsistencyLevel index(Consistency consistency) {
    return forIndex(topology(), consistency);
  }

  /** The pure form of {@link #index}, for a topology already resolved. */
  public static ConsistencyLevel forIndex(Topology topology, Consistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    return switch (topology) {
      case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
      case SINGLE_NODE -> DefaultConsistencyLevel.ONE;
      case SINGLE_DC -> DefaultConsistencyLevel.QUORUM;
      case MULTI_DC ->
          consistency == Consistency.VERY_STRONG
              ? DefaultConsistencyLevel.EACH_QUORUM
              : DefaultConsistencyLevel.LOCAL_QUORUM;
    };
  }

  /** The level of the queue metadata, read and written. */
  public ConsistencyLevel metadata() {
    return forMetadata(topology());
  }

  /**
   * The serial consistency of lightweight transactions, fixed at connect: LOCAL_SERIAL when the
   * cluster is configured as several data centres (Paxos among the local replicas only, so a remote
   * data centre's loss or latency does not block metadata changes here; linearizable per data
   * centre), SERIAL otherwise (in one data centre the two are the same).
   */
  public ConsistencyLevel serial() {
    return serialFor(configured);
  }

  /** The pure form of {@link #serial}. */
  public static ConsistencyLevel serialFor(Topology configured) {
    return configured == Topology.MULTI_DC
        ? DefaultConsistencyLevel.LOCAL_SERIAL
        : DefaultConsistencyLevel.SERIAL;
  }

  /** True when every level is ONE, which also means no read delay is needed. */
  public boolean isSingleNode() {
    return topology() == Topology.SINGLE_NODE;
  }

  /**
   * The topology in effect. AUTO is resolved at each call rather than once, because the session may
   * discover more nodes after connecting; reading its metadata costs no query.
   */
  public Topology topology() {
    return configured == Topology.AUTO ? resolve(configured, nodeCount.getAsInt()) : configured;
  }

  public static Topology resolve(Topology configured, int nodeCount) {
    if (configured != Topology.AUTO) {
      return configured;
    }
    return nodeCount <= 1 ? Topology.SINGLE_NODE : Topology.SINGLE_DC;
  }

  /** The pure form of {@link #write} and {@link #read}, for a topology already resolved. */
  public static ConsistencyLevel forMessages(Topology topology, Consistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    return switch (topology) {
      case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
      case SINGLE_NODE -> DefaultConsistencyLevel.ONE;
      case SINGLE_DC ->
          consistency == Consistency.WEAK
              ? DefaultConsistencyLevel.ONE
              : DefaultConsistencyLevel.QUORUM;
      case MULTI_DC ->
          switch (consistency) {
            case WEAK -> DefaultConsistencyLevel.ONE;
            case STRONG -> DefaultConsistencyLevel.LOCAL_QUORUM;
            case VERY_STRONG -> DefaultConsistencyLevel.EACH_QUORUM;
          };
    };
  }

  /** The pure form of {@link #metadata}, for a topology already resolved. */
  public static ConsistencyLevel forMetadata(Topology topology) {
    return switch (topology) {
      case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
      case SINGLE_NODE -> DefaultConsistencyLevel.ONE;
      case SINGLE_DC, MULTI_DC -> DefaultConsistencyLevel.LOCAL_QUORUM;
    };
  }
}
