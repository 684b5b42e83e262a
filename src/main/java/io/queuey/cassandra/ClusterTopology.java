package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The topology of the cluster Queuey is connected to: configured, or AUTO from its node count. */
@ApplicationScoped
public class ClusterTopology {

  @Inject
  @ConfigProperty(name = Topology.PROPERTY, defaultValue = "auto")
  String topologyProperty;

  @Inject CassandraConnection connection;

  private Topology configured;
  private IntSupplier nodeCount;

  /** For CDI: the topology comes from the configuration, the node count from the connection. */
  public ClusterTopology() {}

  /** For tests and tools: {@code nodeCount} is asked only when {@code configured} is AUTO. */
  public ClusterTopology(Topology configured, IntSupplier nodeCount) {
    this.configured = Objects.requireNonNull(configured, "configured");
    this.nodeCount = Objects.requireNonNull(nodeCount, "nodeCount");
  }

  @PostConstruct
  void configure() {
    configured = Topology.parse(topologyProperty);
    nodeCount = connection::nodeCount;
  }

  /**
   * The topology in effect. AUTO is resolved at each call rather than once, because the session may
   * discover more nodes after connecting; reading its metadata costs no query.
   */
  public Topology current() {
    return configured == Topology.AUTO
        ? Topology.resolve(configured, nodeCount.getAsInt())
        : configured;
  }

  /** The serial consistency of lightweight transactions, fixed at connect (see Topology). */
  public ConsistencyLevel serial() {
    return configured.serial();
  }
}
