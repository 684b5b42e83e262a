package io.queuey.groups.storage;

import io.queuey.groups.control.DeliveryStore;
import io.queuey.groups.control.GroupStore;
import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the group stores the configured storage names. */
@ApplicationScoped
public class GroupStoreProducer {

  @Produces
  @ApplicationScoped
  GroupStore groupStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraGroupStore> cassandra,
      Instance<InMemoryGroupStore> memory) {
    return switch (StorageKind.parse(kind)) {
      case CASSANDRA -> cassandra.get();
      case MEMORY -> memory.get();
    };
  }

  @Produces
  @ApplicationScoped
  DeliveryStore deliveryStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraDeliveryStore> cassandra,
      Instance<InMemoryDeliveryStore> memory) {
    return switch (StorageKind.parse(kind)) {
      case CASSANDRA -> cassandra.get();
      case MEMORY -> memory.get();
    };
  }
}
