package io.queuey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live whenever the WAR answers: a storage outage is a readiness matter, so restarting the instance
 * would not help. (The one state that needs a restart, connecting to Cassandra failed for good, is
 * the cassandra package's own liveness check.)
 */
@Liveness
@ApplicationScoped
public class QueueyLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.up("queuey");
  }
}
