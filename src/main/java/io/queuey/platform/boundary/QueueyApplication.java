package io.queuey.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * JAX-RS serves every path of the WAR, so that unknown paths get the JSON 404 too; the API itself
 * lives under {@code /v1}.
 */
@ApplicationPath("/")
public class QueueyApplication extends Application {

  /**
   * No WADL: Jersey would otherwise answer a plain {@code OPTIONS} (one without the CORS preflight
   * headers) with an XML description of every resource, where API.md wants every body to be JSON.
   * Without it, such an {@code OPTIONS} is a 204 with an {@code Allow} header.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
