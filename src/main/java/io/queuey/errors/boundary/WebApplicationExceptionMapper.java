package io.queuey.errors.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * What JAX-RS itself rejects (unknown path, wrong method, unsupported media type...) in the one
 * error shape, keeping the status and the headers JAX-RS chose (such as {@code Allow} on a 405).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException failure) {
    Response original = failure.getResponse();
    int status = original.getStatus();
    Map<String, String> errors = ContainerErrors.forStatus(status);
    var response =
        Response.fromResponse(original)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ErrorBody.of(errors));
    return response.build();
  }
}
