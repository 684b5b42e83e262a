package io.queuey.groups.entity;

import io.queuey.messages.entity.Partition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated claim: at most {@code max} messages, leased for {@code visibility} seconds (default:
 * the group's), waiting up to {@code waitSeconds}, from {@code partitions} (empty: all).
 */
public record ClaimRequest(
    int max, Optional<Integer> visibility, int waitSeconds, List<Partition> partitions) {

  public static final int MAX_WAIT_SECONDS = 20;

  public ClaimRequest {
    Objects.requireNonNull(visibility, "visibility");
    partitions = List.copyOf(partitions);
  }
}
