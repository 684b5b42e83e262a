package io.queuey.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure with a meaning for the client: it carries the HTTP status and the {@code error_msg}
 * entries of the error body (see API.md), so that one mapper can render every failure the same way.
 */
public abstract class QueueyException extends RuntimeException {

  private final int status;
  private final Map<String, String> errors;

  protected QueueyException(int status, Map<String, String> errors) {
    super(String.join("; ", errors.values()), null, false, false);
    this.status = status;
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  protected QueueyException(int status, String key, String message) {
    this(status, Map.of(key, message));
  }

  public int status() {
    return status;
  }

  /** Headers the error response carries besides the body, such as {@code WWW-Authenticate}. */
  public Map<String, String> headers() {
    return Map.of();
  }

  /** The {@code error_msg} entries: field or error name to human-readable message. */
  public Map<String, String> errors() {
    return errors;
  }
}
