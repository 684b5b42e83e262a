package io.queuey.messages.storage;

import io.queuey.messages.control.MessageStore;
import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the message store the configuration names. */
@ApplicationScoped
public class MessageStoreProducer {

  @Produces
  @ApplicationScoped
  MessageStore messageStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraMessageStore> cassandra,
      Instance<InMemoryMessageStore> memory) {
    return switch (StorageKind.parse(kind)) {
      case CASSANDRA -> cassandra.get();
      case MEMORY -> memory.get();
    };
  }
}
