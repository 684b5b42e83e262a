package io.queuey.groups.control;

import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Where group settings live, by queue incarnation. Changes are conditional on the group's
 * incarnation ({@link Group#id()}), seeks also on its generation, so that two instances changing
 * one group at once cannot both win. Storage failures fail the stage with {@code
 * StorageUnavailable}.
 */
public interface GroupStore {

  /** False when a group of that name exists. */
  CompletionStage<Boolean> create(Group group);

  CompletionStage<Optional<Group>> find(UUID queueId, GroupName name);

  /** All groups of a queue, by name. */
  CompletionStage<List<Group>> list(UUID queueId);

  /** Writes the changeable settings; false when the group is gone (or is another incarnation). */
  CompletionStage<Boolean> update(Group group);

  /** Moves {@code current} to {@code next}'s generation and start; false if it moved meanwhile. */
  CompletionStage<Boolean> seek(Group current, Group next);

  CompletionStage<Boolean> delete(Group group);

  /** Forgets every group of a deleted queue. */
  CompletionStage<Void> deleteAll(UUID queueId);
}
