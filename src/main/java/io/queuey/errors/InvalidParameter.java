package io.queuey.errors;

import java.util.Map;

/** 400: one or more parameters, headers or body fields failed validation. */
public class InvalidParameter extends QueueyException {

  public InvalidParameter(String field, String message) {
    super(400, field, message);
  }

  /** Several bad fields at once, each with its own message, in the order given. */
  public InvalidParameter(Map<String, String> errorsByField) {
    super(400, errorsByField);
  }

  /** The same failure reported under another key, e.g. {@code "1.partition"} for a batch item. */
  public InvalidParameter prefixed(String prefix) {
    var renamed = new java.util.LinkedHashMap<String, String>();
    errors().forEach((key, message) -> renamed.put(prefix + key, message));
    return new InvalidParameter(renamed);
  }
}
