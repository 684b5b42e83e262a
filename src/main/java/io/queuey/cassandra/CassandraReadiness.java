package io.queuey.cassandra;

import io.queuey.observability.control.InFlightRequests;
import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the session is up with its schema and the driver sees a live node. It sends no query:
 * the driver's own view of the nodes is kept current by its control connection, so probes cost
 * nothing under load.
 */
@Readiness
@ApplicationScoped
public class CassandraReadiness implements HealthCheck {

  @Inject
  @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra")
  String storage;

  @Inject CassandraConnection connection;
  @Inject InFlightRequests inFlight;

  @Override
  public HealthCheckResponse call() {
    if (StorageKind.parse(storage) != StorageKind.CASSANDRA) {
      return HealthCheckResponse.named("storage")
          .status(!inFlight.isDraining())
          .withData("kind", "memory")
          .build();
    }
    return HealthCheckResponse.named("storage")
        .status(connection.isReady() && !inFlight.isDraining())
        .withData("kind", "cassandra")
        .withData("keyspace", connection.keyspace())
        .build();
  }
}
