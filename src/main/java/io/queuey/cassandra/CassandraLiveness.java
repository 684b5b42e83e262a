package io.queuey.cassandra;

import io.queuey.platform.StorageKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN only when connecting to Cassandra ended for good (an Error such as a failed linkage, see
 * {@link CassandraConnection#start()}): then only a restart helps. Cassandra being unreachable is a
 * readiness matter and leaves this UP.
 */
@Liveness
@ApplicationScoped
public class CassandraLiveness implements HealthCheck {

  private static final String NAME = "cassandra-connect";
  private static final HealthCheckResponse UP =
      new HealthCheckResponse(NAME, HealthCheckResponse.Status.UP, Optional.empty());

  @Inject
  @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra")
  String storage;

  @Inject CassandraConnection connection;

  @Override
  public HealthCheckResponse call() {
    if (StorageKind.parse(storage) != StorageKind.CASSANDRA) {
      return UP;
    }
    return connection
        .brokenBy()
        .map(
            error ->
                new HealthCheckResponse(
                    NAME,
                    HealthCheckResponse.Status.DOWN,
                    Optional.of(Map.<String, Object>of("failed-with", error.getClass().getName()))))
        .orElse(UP);
  }
}
