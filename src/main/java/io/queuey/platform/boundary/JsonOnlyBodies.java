package io.queuey.platform.boundary;

import io.queuey.errors.boundary.ContainerErrors;
import io.queuey.errors.boundary.ErrorBody;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;

/**
 * API.md: every response body is JSON. Two kinds of answer that JAX-RS makes on its own, past our
 * resources and exception mappers, would break that:
 *
 * <ul>
 *   <li>an error without an entity: the servlet container would send its HTML error page in its
 *       place, so it gets the one error shape;
 *   <li>Jersey's answer to a plain {@code OPTIONS} (not a CORS preflight, which {@link CorsFilter}
 *       answers): a {@code text/plain} list of the methods, which the {@code Allow} header already
 *       gives, so it becomes a 204 without a body.
 * </ul>
 */
@Provider
public class JsonOnlyBodies implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status >= 400 && !response.hasEntity()) {
      response.setEntity(
          ErrorBody.of(ContainerErrors.forStatus(status)),
          new Annotation[0],
          MediaType.APPLICATION_JSON_TYPE);
    } else if (HttpMethod.OPTIONS.equals(request.getMethod())
        && status < 300
        && !(response.hasEntity()
            && MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType()))) {
      // With Accept: text/html, Jersey answers an empty text/html 200 instead of the list.
      response.setEntity(null);
      response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
      response.setStatus(Response.Status.NO_CONTENT.getStatusCode());
    }
  }
}
