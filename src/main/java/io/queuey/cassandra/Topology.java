package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.Locale;

/**
 * The shape of the cluster, as far as consistency levels care: {@code queuey.cassandra.topology}.
 */
public enum Topology {
  /** Single node if the session sees one node, else single data centre. */
  AUTO("auto"),
  SINGLE_NODE("single-node"),
  SINGLE_DC("single-dc"),
  MULTI_DC("multi-dc");

  public static final String PROPERTY = "queuey.cassandra.topology";

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
        PROPERTY + " must be 'auto', 'single-node', 'single-dc' or 'multi-dc', not '" + text + "'");
  }

  /** {@code configured}, or for AUTO what {@code nodeCount} nodes make of it. */
  public static Topology resolve(Topology configured, int nodeCount) {
    if (configured != AUTO) {
      return configured;
    }
    return nodeCount <= 1 ? SINGLE_NODE : SINGLE_DC;
  }

  /**
   * The serial consistency of lightweight transactions for this configured topology: LOCAL_SERIAL
   * when the cluster is configured as several data centres (Paxos among the local replicas only, so
   * a remote data centre's loss or latency does not block metadata changes here; linearizable per
   * data centre), SERIAL otherwise (in one data centre the two are the same).
   */
  public ConsistencyLevel serial() {
    return this == MULTI_DC ? DefaultConsistencyLevel.LOCAL_SERIAL : DefaultConsistencyLevel.SERIAL;
  }

  /** The level of the queue metadata, read and written, for this resolved topology. */
  public ConsistencyLevel metadata() {
    return switch (this) {
      case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
      case SINGLE_NODE -> DefaultConsistencyLevel.ONE;
      case SINGLE_DC, MULTI_DC -> DefaultConsistencyLevel.LOCAL_QUORUM;
    };
  }

  @Override
  public String toString() {
    return configName;
  }
}
