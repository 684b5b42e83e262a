package io.queuey.errors.boundary;

import io.queuey.errors.QueueyException;
import io.queuey.errors.RequestAborted;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * A bug, not a client's mistake: logged once, here, with an incident id that the client also gets,
 * and never with the stack trace in the response.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable failure) {
    // Async calls fail with the real failure wrapped (CompletionException, ExecutionException).
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof QueueyException known) {
        return new QueueyExceptionMapper().toResponse(known);
      }
      if (cause instanceof FaultToleranceException overloaded) {
        return new FaultToleranceMapper().toResponse(overloaded);
      }
      if (cause instanceof WebApplicationException web) {
        return new WebApplicationExceptionMapper().toResponse(web);
      }
      if (ContainerErrors.isClientGone(cause)) {
        return new QueueyExceptionMapper().toResponse(new RequestAborted());
      }
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, failure);
    return Response.serverError()
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorBody.of(Map.of("internal", "Internal error, incident " + incident + ".")))
        .build();
  }
}
