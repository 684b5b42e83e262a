package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Consistency;
import java.util.Objects;
import java.util.UUID;

/**
 * The deliveries of one group generation in one queue partition and, when {@code bucket} is not
 * {@link #ALL_BUCKETS}, one time bucket of it (see {@link Buckets}): one storage partition. The
 * bucket-less key names the group partition as a whole (its bucket marks, this instance's turns).
 * {@code consistency} is the queue's, which sets the levels its reads and writes use.
 */
public record DeliveryKey(
    UUID queueId,
    UUID groupId,
    Partition partition,
    int generation,
    long bucket,
    Consistency consistency) {

  /** The bucket of a key that names the group partition as a whole. */
  public static final long ALL_BUCKETS = Long.MIN_VALUE;

  public DeliveryKey {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(consistency, "consistency");
  }

  /** The group partition as a whole. */
  public DeliveryKey(
      UUID queueId, UUID groupId, Partition partition, int generation, Consistency consistency) {
    this(queueId, groupId, partition, generation, ALL_BUCKETS, consistency);
  }

  /** The group partition as a whole. */
  public static DeliveryKey of(Group group, Partition partition, Consistency consistency) {
    return new DeliveryKey(group.queueId(), group.id(), partition, group.generation(), consistency);
  }

  public DeliveryKey inBucket(long bucket) {
    return new DeliveryKey(queueId, groupId, partition, generation, bucket, consistency);
  }

  /** The bucket partition that holds the lease of message {@code id}. */
  public DeliveryKey of(MessageId id, Buckets buckets) {
    return inBucket(buckets.of(id));
  }

  public boolean hasBucket() {
    return bucket != ALL_BUCKETS;
  }
}
