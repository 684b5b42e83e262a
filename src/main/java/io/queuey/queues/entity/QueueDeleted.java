package io.queuey.queues.entity;

import java.util.Objects;

/**
 * A CDI event: the queue was deleted, so that features keeping state of their own per queue (such
 * as consumer groups) reclaim it without queue management knowing them.
 */
public record QueueDeleted(Queue queue) {

  public QueueDeleted {
    Objects.requireNonNull(queue, "queue");
  }
}
