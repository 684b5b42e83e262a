package io.queuey.messages.entity;

import java.util.Objects;
import java.util.Optional;

/**
 * A message as a client posts it, validated but not yet placed: the partition is chosen (when the
 * client did not) and checked against the queue, and the id is assigned, by the service.
 */
public record IncomingMessage(
    String body, String contentType, Ttl ttl, Optional<Partition> partition) {

  public IncomingMessage {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(partition, "partition");
  }
}
