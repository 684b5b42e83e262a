package io.queuey.settings;

import java.util.Optional;
import java.util.function.Function;

/**
 * Reading dynamic settings from the configuration by name (not by injection, which happens once).
 * Values are trimmed: a value in a file of a directory config source often ends with a newline.
 */
public final class ConfigValues {

  private ConfigValues() {}

  /**
   * The whole number {@code lookup} gives {@code property}, or {@code defaultValue} when unset.
   *
   * @throws IllegalStateException when it is not a whole number from {@code min} to {@code max}
   */
  public static long wholeNumber(
      Function<String, Optional<String>> lookup,
      String property,
      long defaultValue,
      long min,
      long max) {
    Optional<String> text = lookup.apply(property).map(String::trim);
    if (text.isEmpty() || text.get().isEmpty()) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below, as an out-of-range number is.
    }
    throw new IllegalStateException(
        property
            + " must be a whole number from "
            + min
            + " to "
            + max
            + ", not '"
            + text.get()
            + "'");
  }
}
