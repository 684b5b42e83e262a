package io.queuey.observability.boundary;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the matched endpoint by its path template ({@code POST /v1/{application}/{queue}}), never
 * by the concrete path, so that metrics have one series per endpoint, not one per queue. The names
 * go into request properties, which Jersey keeps as the servlet request's attributes, where {@link
 * RequestObserver} reads them.
 */
@Provider
public class EndpointNamer implements ContainerRequestFilter {

  static final String ENDPOINT = "io.queuey.endpoint";
  static final String APPLICATION = "io.queuey.application";

  /** Names by resource method, worked out once each (reflection and regex): requests look up. */
  private static final Map<Method, String> NAMES = new ConcurrentHashMap<>();

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method != null) {
      Class<?> resourceClass = resource.getResourceClass();
      request.setProperty(ENDPOINT, NAMES.computeIfAbsent(method, m -> nameOf(resourceClass, m)));
    }
    String application = request.getUriInfo().getPathParameters().getFirst("application");
    if (application != null) {
      request.setProperty(APPLICATION, application);
    }
  }

  static String nameOf(Class<?> resourceClass, Method method) {
    String template = "/" + pathOf(resourceClass) + "/" + pathOf(method);
    return httpMethodOf(method) + " " + template.replaceAll("/+", "/").replaceAll("/$", "");
  }

  private static String httpMethodOf(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return "ANY";
  }

  private static String pathOf(AnnotatedElement element) {
    Path path = element.getAnnotation(Path.class);
    return path == null ? "" : path.value();
  }
}
