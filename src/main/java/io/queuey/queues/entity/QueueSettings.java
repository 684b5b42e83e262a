package io.queuey.queues.entity;

import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidParameter;
import java.util.List;
import java.util.Objects;

/**
 * What a client chooses about a queue: everything the create and update calls take, save the name.
 * {@code principles} (the API's spelling) are who may read and delete messages; empty means the
 * owning application.
 */
public record QueueSettings(
    int partitions, QueueType type, Consistency consistency, List<Principal> principles) {

  public static final int MAX_PARTITIONS = 200;

  public static final QueueSettings DEFAULTS =
      new QueueSettings(1, QueueType.DEFAULT, Consistency.DEFAULT, List.of());

  public QueueSettings {
    checkPartitions(partitions);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(consistency, "consistency");
    principles = List.copyOf(principles);
  }

  /** Parses the {@code partitions} parameter of create and update. */
  public static int parsePartitions(String text) {
    if (text == null || text.isEmpty()) {
      throw partitionsOutOfRange();
    }
    int partitions = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Integer.parseInt would accept a sign and digits of other scripts.
      if (c < '0' || c > '9') {
        throw partitionsOutOfRange();
      }
      partitions = partitions * 10 + (c - '0');
      if (partitions > MAX_PARTITIONS) {
        throw partitionsOutOfRange();
      }
    }
    return checkPartitions(partitions);
  }

  private static int checkPartitions(int partitions) {
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw partitionsOutOfRange();
    }
    return partitions;
  }

  private static InvalidParameter partitionsOutOfRange() {
    return new InvalidParameter(
        "partitions", "partitions must be a whole number between 1 and " + MAX_PARTITIONS);
  }

  public QueueSettings withPartitions(int partitions) {
    return new QueueSettings(partitions, type, consistency, principles);
  }

  public QueueSettings withType(QueueType type) {
    return new QueueSettings(partitions, type, consistency, principles);
  }

  public QueueSettings withConsistency(Consistency consistency) {
    return new QueueSettings(partitions, type, consistency, principles);
  }

  public QueueSettings withPrinciples(List<Principal> principles) {
    return new QueueSettings(partitions, type, consistency, principles);
  }
}
