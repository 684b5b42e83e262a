package io.queuey.errors.boundary;

import io.queuey.errors.QueueyException;
import io.queuey.errors.RequestAborted;
import io.queuey.errors.StorageUnavailable;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure of the vocabulary, as its status and the one error shape. */
@Provider
public class QueueyExceptionMapper implements ExceptionMapper<QueueyException> {

  private static final Logger LOG = Logger.getLogger(QueueyExceptionMapper.class.getName());

  /** Seconds a client should wait before retrying after the storage failed. */
  static final int RETRY_AFTER_SECONDS = 2;

  @Override
  public Response toResponse(QueueyException failure) {
    var response =
        Response.status(failure.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(ErrorBody.of(failure));
    failure.headers().forEach(response::header);
    if (failure instanceof StorageUnavailable storage) {
      // Expected under overload or an outage: one line, no stack trace (a trace per 503 would
      // make the overload worse). The request log has the request itself.
      Throwable detail = storage.detail();
      LOG.log(
          Level.WARNING,
          () ->
              "Storage unavailable: "
                  + failure.getMessage()
                  + (detail == null ? "" : " (" + causes(detail) + ")"));
      response.header("Retry-After", RETRY_AFTER_SECONDS);
    } else if (failure instanceof RequestAborted) {
      LOG.fine("A client went away while sending its request body");
    }
    return response.build();
  }

  /**
   * {@code detail} with its causes and suppressed errors (where the driver puts each node's
   * failure), one line: a closed connection says why it closed, without a stack trace.
   */
  static String causes(Throwable detail) {
    var line = new StringBuilder();
    describe(detail, line, 0);
    return line.toString();
  }

  private static final int MAX_DEPTH = 6;

  private static void describe(Throwable failure, StringBuilder line, int depth) {
    line.append(failure);
    if (depth >= MAX_DEPTH) {
      return;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      line.append(" [");
      describe(suppressed, line, depth + 1);
      line.append(']');
    }
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      line.append(" <- ");
      describe(cause, line, depth + 1);
    }
  }
}
