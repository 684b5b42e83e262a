package io.queuey.errors.boundary;

import java.util.Map;

/**
 * The {@code error_msg} of an error that the platform (servlet container, JAX-RS) decided on its
 * own, by status: the same keys whether JAX-RS, a filter or the container's error page answers.
 */
public final class ContainerErrors {

  private static final Map<String, String> NOT_FOUND =
      Map.of("NotFound", "There is nothing at this URL.");
  private static final Map<String, String> NOT_ALLOWED =
      Map.of("MethodNotAllowed", "This method is not allowed on this URL.");
  private static final Map<String, String> TOO_LARGE =
      Map.of("body", "The request is larger than the server accepts.");
  private static final Map<String, String> UNAVAILABLE =
      Map.of("unavailable", "The service is not available at the moment.");
  private static final Map<String, String> INTERNAL = Map.of("internal", "Internal error.");

  private ContainerErrors() {}

  public static Map<String, String> forStatus(int status) {
    return switch (status) {
      case 404 -> NOT_FOUND;
      case 405 -> NOT_ALLOWED;
      case 413 -> TOO_LARGE;
      case 503 -> UNAVAILABLE;
      case 500 -> INTERNAL;
      default -> Map.of("Request", reason(status));
    };
  }

  /**
   * A connection the client closed or a body that ended early, as Grizzly, Catalina and Jersey
   * report it: by name, as their exception types are not part of any API the WAR sees; or an I/O
   * failure raised by the connection itself (Grizzly's "Connection is closed", the socket's "Broken
   * pipe" or "Connection reset"), told by where it was thrown.
   */
  public static boolean isClientGone(Throwable cause) {
    if (cause instanceof java.io.EOFException
        || cause.getClass().getSimpleName().equals("ClientAbortException")) {
      return true;
    }
    if (cause instanceof java.io.IOException) {
      StackTraceElement[] trace = cause.getStackTrace();
      if (trace.length > 0) {
        String thrower = trace[0].getClassName();
        return thrower.startsWith("org.glassfish.grizzly.") || thrower.startsWith("sun.nio.ch.");
      }
    }
    return false;
  }

  /**
   * A file of the WAR that is not there: Open Liberty decodes a path such as {@code
   * /console/..%2FWEB-INF%2Fweb.xml} into one under the WAR's root and, finding no servlet for it,
   * throws {@code SRVE0190E: File not found} from its file serving instead of answering a 404.
   */
  public static boolean isFileNotFound(Throwable cause) {
    if (cause instanceof java.io.FileNotFoundException) {
      return true;
    }
    String message = cause.getMessage();
    return message != null && message.startsWith(LIBERTY_FILE_NOT_FOUND);
  }

  private static final String LIBERTY_FILE_NOT_FOUND = "SRVE0190E";

  private static String reason(int status) {
    var known = jakarta.ws.rs.core.Response.Status.fromStatusCode(status);
    return known == null ? "The request was not accepted." : known.getReasonPhrase() + ".";
  }
}
