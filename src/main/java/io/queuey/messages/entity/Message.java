package io.queuey.messages.entity;

import java.util.Objects;

/**
 * A message as stored and returned. {@code contentType} is the one it was posted with, or null when
 * the poster sent none (as for the items of a batch).
 */
public record Message(MessageId id, Partition partition, String body, String contentType) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(body, "body");
  }

  /** The time of the id: a message has no other. */
  public Timestamp timestamp() {
    return id.timestamp();
  }
}
