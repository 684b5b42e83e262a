package io.queuey.platform.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.health.Readiness;

/**
 * Tells {@link ApiReadiness} that the JAX-RS runtime has taken up Queuey's providers, which every
 * implementation does once, as it initialises the application: a failure before that point leaves
 * readiness DOWN. It looks the check up through CDI (by its qualifier, {@code @Readiness}) rather
 * than by injection, as JAX-RS implementations differ in whether they let CDI create features.
 */
@Provider
public class ApiStartup implements Feature {

  @Override
  public boolean configure(FeatureContext context) {
    CDI.current().select(ApiReadiness.class, Readiness.Literal.INSTANCE).get().started();
    return true;
  }
}
