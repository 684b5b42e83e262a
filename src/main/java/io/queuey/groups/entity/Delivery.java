package io.queuey.groups.entity;

import io.queuey.messages.entity.Message;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A message handed to a claim: {@code receipt} is empty in {@code at_most_once}. */
public record Delivery(
    Message message, Optional<Receipt> receipt, int deliveries, Instant leaseExpires) {

  public Delivery {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(leaseExpires, "leaseExpires");
  }
}
