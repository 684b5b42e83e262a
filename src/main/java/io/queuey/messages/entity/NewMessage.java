package io.queuey.messages.entity;

import java.util.Objects;

/**
 * A message to be stored: its id (and so its timestamp) is chosen before storing, so that the
 * poster can report it even if it never reads the message back. {@code contentType} may be null.
 */
public record NewMessage(
    MessageId id, Partition partition, String body, String contentType, Ttl ttl) {

  public NewMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(ttl, "ttl");
  }

  public MessageRef ref() {
    return new MessageRef(partition, id);
  }
}
