package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import io.queuey.queues.entity.QueueName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A consumer group as stored. {@code id} names this incarnation (a group deleted and created again
 * starts afresh, and old receipts are unknown to it); {@code generation} grows with each seek, and
 * the deliveries of a generation start at {@code start} (inclusive).
 */
public record Group(
    UUID queueId,
    GroupName name,
    UUID id,
    Mode mode,
    int visibilitySeconds,
    int maxDeliveries,
    Optional<QueueName> deadLetterQueue,
    boolean ordered,
    Instant created,
    int generation,
    MessageId start) {

  public static final int MAX_VISIBILITY_SECONDS = 43_200;
  public static final int DEFAULT_VISIBILITY_SECONDS = 30;
  public static final int MAX_DELIVERIES = 1000;

  public Group {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(start, "start");
  }

  public Group withSettings(int visibility, int maxDeliveries, Optional<QueueName> deadLetter) {
    return new Group(
        queueId,
        name,
        id,
        mode,
        visibility,
        maxDeliveries,
        deadLetter,
        ordered,
        created,
        generation,
        start);
  }

  public Group seekTo(MessageId position) {
    return new Group(
        queueId,
        name,
        id,
        mode,
        visibilitySeconds,
        maxDeliveries,
        deadLetterQueue,
        ordered,
        created,
        generation + 1,
        position);
  }
}
