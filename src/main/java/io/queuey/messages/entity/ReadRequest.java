package io.queuey.messages.entity;

import java.util.Objects;
import java.util.Optional;

/**
 * A range read of one partition.
 *
 * @param since inclusive bound where the walk starts: the lowest id returned when ascending, the
 *     highest when descending; empty means from the oldest (or the newest) message
 * @param limit at most this many messages
 * @param notAfter messages with a later timestamp are left out (the read delay); empty means no
 *     bound
 * @param maxBytes the read stops before a message that would take its bodies (UTF-8 bytes) over
 *     this, but always returns at least one message if there is one
 */
public record ReadRequest(
    Optional<MessageId> since,
    int limit,
    Order order,
    Optional<Timestamp> notAfter,
    long maxBytes) {

  public ReadRequest {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(notAfter, "notAfter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
  }

  /** Without a byte bound. */
  public ReadRequest(
      Optional<MessageId> since, int limit, Order order, Optional<Timestamp> notAfter) {
    this(since, limit, order, notAfter, Long.MAX_VALUE);
  }

  public ReadRequest maxBytes(long bound) {
    return new ReadRequest(since, limit, order, notAfter, bound);
  }

  /** Everything from the start in {@code order}, up to {@code limit} messages. */
  public static ReadRequest of(int limit, Order order) {
    return new ReadRequest(Optional.empty(), limit, order, Optional.empty());
  }

  public ReadRequest since(MessageId bound) {
    return new ReadRequest(Optional.of(bound), limit, order, notAfter, maxBytes);
  }

  public ReadRequest notAfter(Timestamp bound) {
    return new ReadRequest(since, limit, order, Optional.of(bound), maxBytes);
  }

  /** The lowest id this read may return, inclusive. */
  public MessageId lowestId() {
    MessageId lowestOfAll = MessageId.lowestAt(Timestamp.MIN);
    return order == Order.ASCENDING ? since.orElse(lowestOfAll) : lowestOfAll;
  }

  /**
   * The highest id this read may return, inclusive; below {@link #lowestId()} when nothing can
   * match, e.g. a {@code since} later than {@code notAfter}.
   */
  public MessageId highestId() {
    MessageId highestOfAll = MessageId.highestAt(Timestamp.MAX);
    MessageId highest = order == Order.DESCENDING ? since.orElse(highestOfAll) : highestOfAll;
    if (notAfter.isPresent()) {
      MessageId delayBound = MessageId.highestAt(notAfter.get());
      return delayBound.compareTo(highest) < 0 ? delayBound : highest;
    }
    return highest;
  }
}
