package io.queuey.queues.storage;

import io.queuey.platform.StorageKind;
import io.queuey.queues.control.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the queue store the configuration names. */
@ApplicationScoped
public class QueueStoreProducer {

  @Produces
  @ApplicationScoped
  QueueStore queueStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraQueueStore> cassandra,
      Instance<InMemoryQueueStore> memory) {
    return switch (StorageKind.parse(kind)) {
      case CASSANDRA -> cassandra.get();
      case MEMORY -> memory.get();
    };
  }
}
