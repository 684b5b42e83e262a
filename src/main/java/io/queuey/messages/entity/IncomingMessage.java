package io.queuey.messages.entity;

import io.queuey.dedup.entity.IdempotencyKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as a client posts it, validated but not yet placed: the partition is chosen (when the
 * client did not) and checked against the queue, and the id is assigned, by the service. {@code
 * idempotencyKey} names the post for idempotent publishing (API.md).
 */
public record IncomingMessage(
    String body,
    String contentType,
    Ttl ttl,
    Optional<Partition> partition,
    Optional<IdempotencyKey> idempotencyKey) {

  public IncomingMessage {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** A message posted without an idempotency key. */
  public IncomingMessage(String body, String contentType, Ttl ttl, Optional<Partition> partition) {
    this(body, contentType, ttl, partition, Optional.empty());
  }
}
