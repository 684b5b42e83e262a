package io.queuey.errors.boundary;

import io.queuey.errors.QueueyException;
import io.queuey.errors.RequestAborted;
import io.queuey.errors.StorageUnavailable;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The servlet container's error page for every status and every exception (see web.xml): whatever
 * the container, Jersey or a filter turned into an error without a body of ours gets the one JSON
 * error shape instead of the container's HTML page. Headers already set (such as {@code Allow} on a
 * 405) are kept. Requested directly, it is just an unknown URL.
 */
public class ErrorPage extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer number ? number : HttpServletResponse.SC_NOT_FOUND;
    Map<String, String> errors;
    if (thrown instanceof Throwable failure) {
      QueueyException known = known(failure);
      status = known.status();
      errors = known.errors();
      if (known instanceof StorageUnavailable) {
        response.setHeader("Retry-After", "2");
      }
    } else {
      errors = ContainerErrors.forStatus(status);
      if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE
          && response.getHeader("Retry-After") == null) {
        response.setHeader("Retry-After", "2");
      }
    }
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    try {
      response.getWriter().write(ErrorBody.json(errors));
      response.flushBuffer();
    } catch (IOException gone) {
      // The client that caused the error has gone away (the usual reason for one that is an
      // IOException): nobody is left to read the answer, and it is no failure of the server.
      LOG.fine(() -> "The client went away before its error answer: " + gone);
    }
  }

  /** The failure in the vocabulary: a known one, a client that went away, or a bug (logged). */
  private static QueueyException known(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof QueueyException queuey) {
        return queuey;
      }
      if (ContainerErrors.isFileNotFound(cause)) {
        return new NoSuchFile();
      }
      if (ContainerErrors.isClientGone(cause)) {
        Throwable gone = cause;
        LOG.fine(() -> "The client went away: " + gone);
        return new RequestAborted();
      }
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected failure, incident " + incident, failure);
    return new Internal(incident);
  }

  /** A path the container mapped to a file of the WAR that is not there (Open Liberty). */
  private static final class NoSuchFile extends QueueyException {
    NoSuchFile() {
      super(404, "NotFound", "There is nothing at this URL.");
    }
  }

  /** A bug: the client gets only the incident id, the log has the rest. */
  private static final class Internal extends QueueyException {
    Internal(String incident) {
      super(500, "internal", "Internal error, incident " + incident + ".");
    }
  }
}
