package io.queuey.platform;

import io.queuey.errors.InvalidParameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses several parameters and reports every bad one at once, as API.md's error body has one key
 * per bad field.
 */
public final class Validation {

  private final Map<String, String> errors = new LinkedHashMap<>();

  /** The parsed value, or empty when the text is absent or bad (then the error is kept). */
  public <T> Optional<T> optional(String text, Function<String, T> parser) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text));
    } catch (InvalidParameter bad) {
      errors.putAll(bad.errors());
      return Optional.empty();
    }
  }

  /** The value, or empty when computing it reported a bad parameter (then the error is kept). */
  public <T> Optional<T> attempt(java.util.function.Supplier<T> parse) {
    try {
      return Optional.of(parse.get());
    } catch (InvalidParameter bad) {
      errors.putAll(bad.errors());
      return Optional.empty();
    }
  }

  /** Throws one {@link InvalidParameter} with every error found so far. */
  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new InvalidParameter(errors);
    }
  }
}
