package io.queuey.observability.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the matched endpoint by its path template ({@code POST /v1/{application}/{queue}}), never
 * by the concrete path, so that metrics have one series per endpoint, not one per queue.
 */
@Provider
public class EndpointNamer implements ContainerRequestFilter {

  static final String ENDPOINT = "io.queuey.endpoint";
  static final String APPLICATION = "io.queuey.application";

  @Context HttpServletRequest servletRequest;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    if (resource.getResourceMethod() != null) {
      String template =
          "/" + pathOf(resource.getResourceClass()) + "/" + pathOf(resource.getResourceMethod());
      servletRequest.setAttribute(
          ENDPOINT,
          request.getMethod() + " " + template.replaceAll("/+", "/").replaceAll("/$", ""));
    }
    String application = request.getUriInfo().getPathParameters().getFirst("application");
    if (application != null) {
      servletRequest.setAttribute(APPLICATION, application);
    }
  }

  /** Names by resource method, worked out once each: requests only look them up. */
  private static final Map<Method, String> NAMES = new ConcurrentHashMap<>();

  private static String nameOf(String httpMethod, Class<?> resourceClass, Method method) {
    String template = "/" + pathOf(resourceClass) + "/" + pathOf(method);
    return httpMethod + " " + template.replaceAll("/+", "/").replaceAll("/$", "");
  }

  private static String pathOf(AnnotatedElement element) {
    Path path = element.getAnnotation(Path.class);
    return path == null ? "" : path.value();
  }
}
