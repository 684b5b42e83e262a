package io.queuey.bench.floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The benchmark's floor: a second, tiny WAR in the same Payara Micro as Queuey, with one bare
 * JAX-RS resource and nothing else (no CDI beans, filters, metrics or storage), so that its rate is
 * what the HTTP stack alone can do on this machine.
 */
@ApplicationPath("/")
public class FloorApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(FloorResource.class);
  }
}
