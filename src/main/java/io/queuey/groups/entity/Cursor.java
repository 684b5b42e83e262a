package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a group stands in one partition. Everything up to {@code dispatch} was handed out;
 * everything up to {@code floor} is settled (acknowledged, dead, or gone), so only leases in {@code
 * (floor, dispatch]} can still be redelivered. {@code token} names the claim that wrote it: each
 * claim replaces it conditionally, which serializes claims and tells a claim whose outcome was
 * unknown whether it took effect. All empty before the first claim of a generation.
 */
public record Cursor(
    Optional<UUID> token, Optional<MessageId> dispatch, Optional<MessageId> floor, long dead) {

  public static final Cursor EMPTY =
      new Cursor(Optional.empty(), Optional.empty(), Optional.empty(), 0);

  /** Whether some lease may still be unsettled. */
  public boolean hasUnsettled() {
    return dispatch.isPresent() && !dispatch.equals(floor);
  }
}
