package io.queuey.messages.storage;

import io.queuey.messages.control.MessageStore;
import io.queuey.observability.control.QueueyMetrics;
import io.queuey.observability.control.StorageTimer;
import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Picks the message store the configuration names, and meters it. */
@ApplicationScoped
public class MessageStoreProducer {

  @Produces
  @ApplicationScoped
  MessageStore messageStore(
      @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra") String kind,
      Instance<CassandraMessageStore> cassandra,
      QueueyMetrics metrics,
      Instance<InMemoryMessageStore> memory) {
    StorageKind storage = StorageKind.parse(kind);
    MessageStore store =
        switch (storage) {
          case CASSANDRA -> cassandra.get();
          case MEMORY -> memory.get();
        };
    return new MeteredMessageStore(
        store, new StorageTimer(metrics, storage.name().toLowerCase(Locale.ROOT)));
  }
}
