package io.queuey.dedup.entity;

import io.queuey.errors.InvalidParameter;

/** A producer's name for one post: 1 to 128 printable ASCII characters (API.md). */
public record IdempotencyKey(String value) {

  public static final int MAX_LENGTH = 128;

  public IdempotencyKey {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not an idempotency key");
    }
  }

  /** Parses a key; a bad one is a 400 under {@code field}. */
  public static IdempotencyKey parse(String field, String text) {
    if (!isValid(text)) {
      throw new InvalidParameter(
          field, field + " must be 1 to " + MAX_LENGTH + " printable ASCII characters.");
    }
    return new IdempotencyKey(text);
  }

  private static boolean isValid(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
