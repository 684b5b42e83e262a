package io.queuey.platform.payara;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Keeps /openapi within the OpenAPI specification, so that client generators accept it: Payara adds
 * a top-level {@code endpoints} map of its own, which generators reject as unknown. Runs once, when
 * the document is built (registered by {@code mp.openapi.filter}).
 */
public class StandardOpenApi implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    try {
      Object endpoints = openApi.getClass().getMethod("getEndpoints").invoke(openApi);
      if (endpoints instanceof Map<?, ?> map) {
        map.clear();
      }
    } catch (ReflectiveOperationException notPayara) {
      // Another implementation, which adds nothing of its own.
    }
  }
}
