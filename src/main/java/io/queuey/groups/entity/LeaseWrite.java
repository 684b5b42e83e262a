package io.queuey.groups.entity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One lease row a claim writes. A row that existed is written only if its lease is still {@code
 * expected} and it is not acknowledged, so that a claim never undoes an acknowledgement or a
 * release that came in between its read and its write.
 */
public record LeaseWrite(Optional<UUID> expected, Lease next) {

  public LeaseWrite {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
  }
}
