package io.queuey.errors;

import java.util.Map;

/**
 * 503: a token could not be checked because its issuer's keys could not be fetched and none are
 * cached. The client may retry; the token itself may well be valid.
 */
public class AuthUnavailable extends QueueyException {

  /** Seconds a client should wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Map<String, String> HEADERS =
      Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));

  public AuthUnavailable(String message) {
    super(503, "auth", message);
  }

  @Override
  public Map<String, String> headers() {
    return HEADERS;
  }
}
