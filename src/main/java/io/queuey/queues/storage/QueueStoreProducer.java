package io.queuey.queues.storage;

import io.queuey.observability.control.QueueyMetrics;
import io.queuey.observability.control.StorageTimer;
import io.queuey.platform.StorageKind;
import io.queuey.queues.control.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the queue store the configuration names, and meters it. */
@ApplicationScoped
public class QueueStoreProducer {

  @Produces
  @ApplicationScoped
  QueueStore queueStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraQueueStore> cassandra,
      QueueyMetrics metrics,
      Instance<InMemoryQueueStore> memory) {
    StorageKind storage = StorageKind.parse(kind);
    QueueStore store =
        switch (storage) {
          case CASSANDRA -> cassandra.get();
          case MEMORY -> memory.get();
        };
    return new MeteredQueueStore(
        store, new StorageTimer(metrics, storage.name().toLowerCase(Locale.ROOT)));
  }
}
