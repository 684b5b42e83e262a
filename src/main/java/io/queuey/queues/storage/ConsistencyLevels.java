package io.queuey.queues.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.queuey.cassandra.ClusterTopology;
import io.queuey.cassandra.Topology;
import io.queuey.queues.entity.Consistency;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The Cassandra consistency levels of each queue consistency (API.md, Delivery characteristics),
 * which depend on the shape of the cluster ({@link ClusterTopology}). Queue consistency is the
 * queues feature's word, so its mapping lives here and the Cassandra plumbing stays feature-free.
 */
@ApplicationScoped
public class ConsistencyLevels {

  @Inject ClusterTopology cluster;

  /** For CDI. */
  public ConsistencyLevels() {}

  /** For tests and tools: {@code nodeCount} is asked only when {@code configured} is AUTO. */
  public ConsistencyLevels(Topology configured, IntSupplier nodeCount) {
    this.cluster = new ClusterTopology(configured, nodeCount);
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
    return topology().metadata();
  }

  /** The serial consistency of lightweight transactions (see {@link Topology#serial}). */
  public ConsistencyLevel serial() {
    return cluster.serial();
  }

  /** True when every level is ONE, which also means no read delay is needed. */
  public boolean isSingleNode() {
    return topology() == Topology.SINGLE_NODE;
  }

  /** The topology in effect (AUTO resolved from the nodes the session sees now). */
  public Topology topology() {
    return cluster.current();
  }

  /** The pure form of {@link #serial}. */
  public static ConsistencyLevel serialFor(Topology configured) {
    return configured.serial();
  }

  public static Topology resolve(Topology configured, int nodeCount) {
    return Topology.resolve(configured, nodeCount);
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
    return topology.metadata();
  }
}
