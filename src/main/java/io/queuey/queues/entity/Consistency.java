package io.queuey.queues.entity;

import io.queuey.errors.InvalidParameter;

/**
 * How safely a queue's messages are written and read, traded against how late they become visible:
 * see API.md, Delivery characteristics.
 */
public enum Consistency {
  WEAK("weak"),
  STRONG("strong"),
  VERY_STRONG("very_strong");

  public static final Consistency DEFAULT = STRONG;

  private final String wire;

  Consistency(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Takes the lowercase wire names only, as the API spells them; spaces around are forgiven. */
  public static Consistency parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    for (Consistency consistency : values()) {
      if (consistency.wire.equals(trimmed)) {
        return consistency;
      }
    }
    throw new InvalidParameter(
        "consistency", "consistency must be 'weak', 'strong' or 'very_strong'");
  }

  @Override
  public String toString() {
    return wire;
  }
}
