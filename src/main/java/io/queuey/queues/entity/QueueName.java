package io.queuey.queues.entity;

import io.queuey.errors.InvalidParameter;
import io.queuey.platform.Names;
import java.util.Optional;
import java.util.UUID;

/** The name of a queue, unique within its application: 1 to 50 of {@code A-Z a-z 0-9 _ - .}. */
public record QueueName(String value) {

  public static final int MAX_LENGTH = Names.MAX_LENGTH;

  public QueueName {
    if (!isValid(value)) {
      throw new InvalidParameter(
          "queue_name",
          "queue_name must be 1 to " + MAX_LENGTH + " letters, digits, '_', '-' or '.'");
    }
  }

  /** A name chosen by a client creating a queue. */
  public static QueueName parse(String text) {
    return new QueueName(text);
  }

  /**
   * A name taken from a path. Text that can never be a name means there is no such queue, which the
   * caller reports as a 404 rather than as a bad parameter.
   */
  public static Optional<QueueName> tryParse(String text) {
    return isValid(text) ? Optional.of(new QueueName(text)) : Optional.empty();
  }

  /** The name of a queue created without one: a UUID4 as 32 lowercase hex digits. */
  public static QueueName random() {
    return new QueueName(UUID.randomUUID().toString().replace("-", ""));
  }

  private static boolean isValid(String text) {
    return Names.isValid(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
