package io.queuey.groups.entity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a claim writes to one delivery partition, all or nothing: the new cursor, if the cursor is
 * still the one read ({@code expectedToken}), and the lease rows.
 */
public record ClaimCommit(
    DeliveryKey key,
    Optional<java.util.UUID> expectedToken,
    Cursor next,
    List<LeaseWrite> writes,
    int ttlSeconds) {

  public ClaimCommit {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expectedToken, "expectedToken");
    Objects.requireNonNull(next, "next");
    writes = List.copyOf(writes);
    if (next.token().isEmpty()) {
      throw new IllegalArgumentException("a claim names itself in the cursor");
    }
  }
}
