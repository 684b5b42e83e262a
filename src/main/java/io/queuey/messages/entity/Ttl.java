package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;

/**
 * How long a message lives, in seconds: from 1 to 2^25 (about 388 days), below Cassandra's own TTL
 * ceiling. Built from a number, a bad one is reported under {@code ttl}.
 */
public record Ttl(int seconds) {

  public static final int MAX_SECONDS = 1 << 25;

  /** Three days. */
  public static final Ttl DEFAULT = new Ttl(259_200);

  public Ttl {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new InvalidParameter("ttl", outOfRange());
    }
  }

  public static Ttl of(int seconds) {
    return new Ttl(seconds);
  }

  public static Ttl parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidParameter(field, outOfRange());
    }
    long seconds = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Integer.parseInt would accept a sign and digits of other scripts.
      if (c < '0' || c > '9') {
        throw new InvalidParameter(field, outOfRange());
      }
      seconds = seconds * 10 + (c - '0');
      if (seconds > MAX_SECONDS) {
        throw new InvalidParameter(field, outOfRange());
      }
    }
    if (seconds < 1) {
      throw new InvalidParameter(field, outOfRange());
    }
    return new Ttl((int) seconds);
  }

  private static String outOfRange() {
    return "ttl must be a whole number of seconds between 1 and " + MAX_SECONDS;
  }
}
