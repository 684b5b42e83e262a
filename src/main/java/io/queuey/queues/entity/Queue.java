package io.queuey.queues.entity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A queue as stored. {@code id} names this incarnation of the queue in storage: it is new at each
 * creation, so that a queue deleted and created again under the same name never shows the messages
 * of the old one, even those whose deletion has not reached every node yet.
 */
public record Queue(
    String application, QueueName name, QueueSettings settings, Instant created, UUID id) {

  public Queue {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(id, "id");
  }

  public Queue withSettings(QueueSettings settings) {
    return new Queue(application, name, settings, created, id);
  }
}
