package io.queuey.errors.boundary;

import io.queuey.errors.StorageUnavailable;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/** A bulkhead that is full or a timeout that fired guards the storage: the client sees a 503. */
@Provider
public class FaultToleranceMapper implements ExceptionMapper<FaultToleranceException> {

  @Override
  public Response toResponse(FaultToleranceException failure) {
    return new QueueyExceptionMapper()
        .toResponse(
            new StorageUnavailable(
                StorageUnavailable.Kind.UNAVAILABLE, "The storage is overloaded.", failure));
  }
}
