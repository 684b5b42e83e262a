package io.queuey.queues.entity;

import io.queuey.errors.InvalidParameter;

/** Who may read a queue's messages: see API.md, Permissions. */
public enum QueueType {
  /** Only the queue's principles, or its application when it has none. */
  USER("user"),
  /** Everyone, without credentials. */
  PUBLIC("public");

  public static final QueueType DEFAULT = USER;

  private final String wire;

  QueueType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Takes the lowercase wire names only, as the API spells them; spaces around are forgiven. */
  public static QueueType parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    for (QueueType type : values()) {
      if (type.wire.equals(trimmed)) {
        return type;
      }
    }
    throw new InvalidParameter("type", "type must be 'user' or 'public'");
  }

  @Override
  public String toString() {
    return wire;
  }
}
