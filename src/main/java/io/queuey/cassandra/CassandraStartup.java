package io.queuey.cassandra;

import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Starts connecting to Cassandra as the WAR deploys, when Cassandra is the storage. */
@ApplicationScoped
public class CassandraStartup {

  @Inject
  @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra")
  String storage;

  @Inject CassandraConnection connection;

  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    if (StorageKind.parse(storage) == StorageKind.CASSANDRA) {
      connection.start();
    }
  }
}
