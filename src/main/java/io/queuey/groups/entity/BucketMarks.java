package io.queuey.groups.entity;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where the bucketed delivery state of a group partition begins. Every bucket before {@code
 * settledTo} is settled: all of its messages were handed out and are acknowledged, dead or gone,
 * and {@code deadBefore} of them went dead. The marker only moves forward. A message stored late
 * into such a bucket (see {@code LateArrivals}) reopens it: {@code reopened} holds each reopened
 * bucket before the marker with the token of its latest reopening, until a claim finds it settled
 * again.
 */
public record BucketMarks(
    Optional<Long> settledTo, long deadBefore, SortedMap<Long, UUID> reopened) {

  public static final BucketMarks NONE = new BucketMarks(Optional.empty(), 0, new TreeMap<>());

  public BucketMarks {
    Objects.requireNonNull(settledTo, "settledTo");
    reopened = Collections.unmodifiableSortedMap(new TreeMap<>(reopened));
  }

  /** The first bucket a walk of the generation that starts at {@code startBucket} looks at. */
  public long walkFrom(long startBucket) {
    return settledTo.map(mark -> Math.max(mark, startBucket)).orElse(startBucket);
  }

  /** The reopened buckets before the marker, oldest first. */
  public SortedMap<Long, UUID> reopenedBefore(long marker) {
    return reopened.headMap(marker);
  }
}
