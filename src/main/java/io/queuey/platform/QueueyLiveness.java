package io.queuey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live whenever the WAR answers: Queuey keeps no state that could wedge, and a storage outage is a
 * readiness matter, so restarting the instance would not help.
 */
@Liveness
@ApplicationScoped
public class QueueyLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.up("queuey");
  }
}
