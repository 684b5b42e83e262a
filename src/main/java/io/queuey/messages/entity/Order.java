package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;

/** The order of a range read: by id, which is by timestamp first. */
public enum Order {
  ASCENDING("ascending"),
  DESCENDING("descending");

  public static final Order DEFAULT = ASCENDING;

  private final String wire;

  Order(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Takes the lowercase wire names only, as the API spells them; spaces around are forgiven. */
  public static Order parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    for (Order order : values()) {
      if (order.wire.equals(trimmed)) {
        return order;
      }
    }
    throw new InvalidParameter("order", "order must be 'ascending' or 'descending'");
  }

  /**
   * The id bound that a {@code since} given as a time stands for: every message at that exact time
   * is included, so the bound is the first id at that time when ascending and the last one when
   * descending (where {@code since} is where the newest-first walk starts).
   */
  public MessageId sinceBound(Timestamp since) {
    return this == ASCENDING ? MessageId.lowestAt(since) : MessageId.highestAt(since);
  }

  @Override
  public String toString() {
    return wire;
  }
}
