package io.queuey.queues.entity;

import io.queuey.auth.entity.Principal;
import java.util.List;
import java.util.Optional;

/** The settings a create or update call names; what it leaves out keeps its current value. */
public record SettingsChange(
    Optional<Integer> partitions,
    Optional<QueueType> type,
    Optional<Consistency> consistency,
    Optional<List<Principal>> principles) {

  public static final SettingsChange NONE =
      new SettingsChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public QueueSettings applyTo(QueueSettings current) {
    return new QueueSettings(
        partitions.orElse(current.partitions()),
        type.orElse(current.type()),
        consistency.orElse(current.consistency()),
        principles.orElse(current.principles()));
  }
}
