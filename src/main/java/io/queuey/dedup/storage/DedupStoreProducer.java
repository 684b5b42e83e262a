package io.queuey.dedup.storage;

import io.queuey.dedup.control.DedupStore;
import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the key store the configured storage names. */
@ApplicationScoped
public class DedupStoreProducer {

  @Produces
  @ApplicationScoped
  DedupStore dedupStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraDedupStore> cassandra,
      Instance<InMemoryDedupStore> memory) {
    return switch (StorageKind.parse(kind)) {
      case CASSANDRA -> cassandra.get();
      case MEMORY -> memory.get();
    };
  }
}
