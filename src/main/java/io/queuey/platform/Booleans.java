package io.queuey.platform;

import io.queuey.errors.InvalidParameter;

/** The booleans of request parameters, in the spellings API.md allows. */
public final class Booleans {

  private Booleans() {}

  /** Accepts {@code true/false}, {@code 1/0} and {@code yes/no}, in any case. */
  public static boolean parseBoolean(String field, String text) {
    String trimmed = text == null ? "" : text.trim();
    // equalsIgnoreCase compares character by character, so no locale can change the answer.
    if (trimmed.equalsIgnoreCase("true")
        || trimmed.equals("1")
        || trimmed.equalsIgnoreCase("yes")) {
      return true;
    }
    if (trimmed.equalsIgnoreCase("false")
        || trimmed.equals("0")
        || trimmed.equalsIgnoreCase("no")) {
      return false;
    }
    throw new InvalidParameter(field, field + " must be true or false (also 1/0, yes/no)");
  }
}
