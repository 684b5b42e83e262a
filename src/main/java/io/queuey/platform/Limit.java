package io.queuey.platform;

import io.queuey.errors.InvalidParameter;

/**
 * How many items one call may return: 1 to 1000, so that no single request can make the storage
 * read without end. Built from a number, a bad one is reported under {@code limit}.
 */
public record Limit(int value) {

  public static final int MAX = 1000;

  public Limit {
    if (value < 1 || value > MAX) {
      throw new InvalidParameter("limit", outOfRange());
    }
  }

  public static Limit of(int value) {
    return new Limit(value);
  }

  /** Absent (null) means {@code defaultValue}; an empty parameter is a mistake and reported. */
  public static Limit parse(String field, String text, int defaultValue) {
    if (text == null) {
      return new Limit(defaultValue);
    }
    if (text.isEmpty()) {
      throw new InvalidParameter(field, outOfRange());
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Integer.parseInt would accept a sign and digits of other scripts.
      if (c < '0' || c > '9') {
        throw new InvalidParameter(field, outOfRange());
      }
      value = value * 10 + (c - '0');
      if (value > MAX) {
        throw new InvalidParameter(field, outOfRange());
      }
    }
    if (value < 1) {
      throw new InvalidParameter(field, outOfRange());
    }
    return new Limit(value);
  }

  private static String outOfRange() {
    return "limit must be a whole number between 1 and " + MAX;
  }
}
