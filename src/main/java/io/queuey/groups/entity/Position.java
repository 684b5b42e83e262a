package io.queuey.groups.entity;

import io.queuey.errors.InvalidParameter;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Timestamp;

/**
 * Where a group begins (at creation or after a seek), resolved to the lowest message id it hands
 * out, inclusive: {@code latest} is "after now", {@code earliest} the oldest message there is.
 */
public final class Position {

  private Position() {}

  public static MessageId earliest() {
    return MessageId.lowestAt(Timestamp.MIN);
  }

  public static MessageId latest(Timestamp now) {
    return MessageId.highestAt(now);
  }

  /**
   * {@code earliest}, {@code latest}, a timestamp in decimal seconds or a message id; an id or a
   * time is inclusive, as {@code since} of a read is.
   */
  public static MessageId parse(String field, String text, Timestamp now) {
    if ("earliest".equals(text)) {
      return earliest();
    }
    if ("latest".equals(text)) {
      return latest(now);
    }
    return since(field, text);
  }

  /** A timestamp or a message id, told apart as a read's {@code since} is: ids have no point. */
  public static MessageId since(String field, String text) {
    if (text != null && text.length() == 32 && text.indexOf('.') < 0) {
      return MessageId.parse(field, text);
    }
    try {
      return MessageId.lowestAt(Timestamp.parse(field, text));
    } catch (InvalidParameter bad) {
      throw new InvalidParameter(
          field, field + " must be 'earliest', 'latest', a timestamp or a message id.");
    }
  }
}
