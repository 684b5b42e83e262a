package io.queuey.messages.storage;

import io.queuey.messages.control.ReplicaTopology;
import io.queuey.queues.storage.ConsistencyLevels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The Cassandra cluster's shape, as the read delays need it. */
@ApplicationScoped
public class CassandraReplicaTopology implements ReplicaTopology {

  @Inject ConsistencyLevels levels;

  @Override
  public boolean isSingleNode() {
    return levels.isSingleNode();
  }
}
