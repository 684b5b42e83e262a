package io.queuey.groups.entity;

import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Consistency;
import java.util.Objects;
import java.util.UUID;

/**
 * The deliveries of one group generation in one queue partition: one storage partition. {@code
 * consistency} is the queue's, which sets the levels its reads and writes use.
 */
public record DeliveryKey(
    UUID queueId, UUID groupId, Partition partition, int generation, Consistency consistency) {

  public DeliveryKey {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(consistency, "consistency");
  }

  public static DeliveryKey of(Group group, Partition partition, Consistency consistency) {
    return new DeliveryKey(group.queueId(), group.id(), partition, group.generation(), consistency);
  }
}
