package io.queuey.messages.entity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read as a client asks for it: partitions in the order asked, {@code limit} per partition, and
 * where to start, by id or by time.
 */
public record ReadQuery(
    Optional<MessageId> sinceId,
    Optional<Timestamp> sinceTime,
    int limit,
    Order order,
    List<Partition> partitions) {

  public ReadQuery {
    Objects.requireNonNull(sinceId, "sinceId");
    Objects.requireNonNull(sinceTime, "sinceTime");
    Objects.requireNonNull(order, "order");
    partitions = List.copyOf(partitions);
  }

  /**
   * The inclusive id bound of the walk: a time becomes the lowest id at that time when walking
   * forward, the highest when walking backward, so that messages at exactly that time are in.
   */
  public Optional<MessageId> startId() {
    if (sinceId.isPresent()) {
      return sinceId;
    }
    return sinceTime.map(order::sinceBound);
  }
}
