package io.queuey.errors;

import java.util.Map;

/**
 * 401: a signed token (Bearer or BrowserID) failed a check. The message names the check, never the
 * token; the {@code WWW-Authenticate} header tells OAuth clients the same (RFC 6750).
 */
public class InvalidToken extends QueueyException {

  private static final Map<String, String> HEADERS =
      Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"");

  public InvalidToken(String whichCheckFailed) {
    super(401, "InvalidToken", whichCheckFailed);
  }

  @Override
  public Map<String, String> headers() {
    return HEADERS;
  }
}
