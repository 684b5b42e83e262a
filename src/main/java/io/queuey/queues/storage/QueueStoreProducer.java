package io.queuey.queues.storage;

import io.queuey.observability.control.QueueyMetrics;
import io.queuey.observability.control.StorageTimer;
import io.queuey.platform.StorageKind;
import io.queuey.queues.control.QueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the queue store the configuration names, meters it, and caches lookups. */
@ApplicationScoped
public class QueueStoreProducer {

  @Produces
  @ApplicationScoped
  QueueStore queueStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      @ConfigProperty(name = "queuey.queues.cache-ms", defaultValue = "1000") long cacheMillis,
      @ConfigProperty(name = "queuey.queues.cache-max-entries", defaultValue = "100000")
          long cacheMaxEntries,
      QueueyMetrics metrics,
      Instance<CassandraQueueStore> cassandra,
      Instance<InMemoryQueueStore> memory) {
    StorageKind storage = StorageKind.parse(kind);
    QueueStore store =
        switch (storage) {
          case CASSANDRA -> cassandra.get();
          case MEMORY -> memory.get();
        };
    QueueStore metered =
        new MeteredQueueStore(
            store, new StorageTimer(metrics, storage.name().toLowerCase(Locale.ROOT)));
    // Every message call looks its queue up: a short cache saves a Cassandra read per call.
    return cacheMillis > 0
        ? new CachingQueueStore(metered, cacheMillis, cacheMaxEntries, Clock.systemUTC())
        : metered;
  }
}
