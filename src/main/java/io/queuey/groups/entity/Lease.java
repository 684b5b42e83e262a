package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery state of one message in a group: its current lease (the newest receipt's token),
 * until when it holds, how often it was handed out, and whether it is settled.
 */
public record Lease(
    MessageId messageId,
    UUID lease,
    Instant deadline,
    int deliveries,
    Optional<Instant> ackedAt,
    Optional<Instant> deadAt,
    boolean gone) {

  public Lease {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(ackedAt, "ackedAt");
    Objects.requireNonNull(deadAt, "deadAt");
  }

  /** Acknowledged, dead-lettered, or its message deleted or expired: never handed out again. */
  public boolean settled() {
    return ackedAt.isPresent() || deadAt.isPresent() || gone;
  }

  public boolean holdsAt(Instant now) {
    return !settled() && deadline.isAfter(now);
  }

  public boolean expiredAt(Instant now) {
    return !settled() && !deadline.isAfter(now);
  }
}
