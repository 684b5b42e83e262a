package io.queuey.auth.entity;

import io.queuey.errors.InvalidToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The credentials of an {@code Authorization} header, parsed once: {@code ;}-separated entries of
 * {@code SCHEME VALUE}, scheme names case-insensitive. {@code Application <key>} may appear more
 * than once (a caller may act as several applications); a signed token ({@code Bearer <token>}, or
 * {@code BrowserID <token>}, its old name) at most once. Entries of other schemes are left alone.
 */
public record Credentials(List<String> applicationKeys, Optional<String> token) {

  public static final Credentials NONE = new Credentials(List.of(), Optional.empty());

  private static final String APPLICATION = "application";
  private static final String BEARER = "bearer";
  private static final String BROWSER_ID = "browserid";

  public Credentials {
    applicationKeys = List.copyOf(applicationKeys);
  }

  /**
   * Parses the header; {@code null} or blank is no credentials. Two tokens, or a token scheme
   * without a token, are an {@link InvalidToken}: which one was meant cannot be told.
   */
  public static Credentials parse(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return NONE;
    }
    List<String> keys = new ArrayList<>(1);
    String token = null;
    for (String credential : authorization.split(";")) {
      String trimmed = credential.trim();
      int space = indexOfWhitespace(trimmed);
      String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
      String value = space < 0 ? "" : trimmed.substring(space + 1).trim();
      switch (scheme) {
        case APPLICATION -> keys.add(value);
        case BEARER, BROWSER_ID -> {
          if (token != null) {
            throw new InvalidToken("more than one token was sent; send one Bearer token");
          }
          if (value.isEmpty()) {
            throw new InvalidToken("malformed: the " + scheme + " scheme carries no token");
          }
          token = value;
        }
        default -> {
          // Another scheme (or an empty entry between semicolons): not ours to judge.
        }
      }
    }
    return new Credentials(keys, Optional.ofNullable(token));
  }

  private static int indexOfWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
