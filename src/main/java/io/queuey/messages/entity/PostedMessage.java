package io.queuey.messages.entity;

import java.util.Objects;

/**
 * One entry of a post's answer: the message stored, or, for a {@code duplicate} of an earlier post
 * with the same idempotency key, that post's id and partition (nothing was stored).
 */
public record PostedMessage(MessageId id, Partition partition, boolean duplicate) {

  public PostedMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(partition, "partition");
  }
}
