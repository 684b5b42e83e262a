package io.queuey.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the JAX-RS application has started ({@link ApiStartup}). Health is served by the
 * server, not by JAX-RS: without this check {@code /health/ready} would say UP while every API call
 * fails because the JAX-RS application could not initialise (as the Jersey-only hook once did on
 * Open Liberty).
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

  private volatile boolean started;

  void started() {
    started = true;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("api").status(started).build();
  }
}
