package io.queuey.groups.control;

import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.errors.AccessDenied;
import io.queuey.errors.GroupNotFound;
import io.queuey.errors.InvalidParameter;
import io.queuey.errors.QueueNotFound;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupChange;
import io.queuey.groups.entity.GroupName;
import io.queuey.groups.entity.Mode;
import io.queuey.groups.entity.Position;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Timestamp;
import io.queuey.queues.control.QueueAccess;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueDeleted;
import io.queuey.queues.entity.QueueName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Group management: the rules of creating, changing, listing, seeking and deleting groups. */
@ApplicationScoped
public class GroupService {

  private static final Logger LOG = Logger.getLogger(GroupService.class.getName());

  @Inject QueueService queues;
  @Inject GroupStore groups;

  public CompletionStage<Group> create(
      Caller caller, String application, String queueName, GroupChange change) {
    Queue queue = queues.require(application, queueName);
    Permissions.requireOwner(caller, application);
    Optional<QueueName> deadLetter = change.deadLetterQueue().flatMap(dlq -> dlq);
    deadLetter.ifPresent(dlq -> requireDeadLetterQueue(queue, dlq));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    MessageId start =
        change
            .start()
            .map(text -> Position.parse("start", text, Timestamp.now()))
            .orElseGet(() -> Position.latest(Timestamp.now()));
    var group =
        new Group(
            queue.id(),
            change.name().orElseGet(GroupName::random),
            UUID.randomUUID(),
            change.mode().orElse(Mode.DEFAULT),
            change.visibility().orElse(Group.DEFAULT_VISIBILITY_SECONDS),
            change.maxDeliveries().orElse(0),
            deadLetter,
            change.ordered().orElse(false),
            now,
            0,
            start);
    return groups
        .create(group)
        .thenApply(
            created -> {
              if (!created) {
                throw new InvalidParameter("group_name", "A group of that name exists already.");
              }
              return group;
            });
  }

  public CompletionStage<List<Group>> list(Caller caller, String application, String queueName) {
    Queue queue = queues.require(application, queueName);
    requireViewer(caller, queue);
    return groups.list(queue.id());
  }

  /** The group, for anyone who may see it: its owner and those who may consume from it. */
  public CompletionStage<Group> find(
      Caller caller, String application, String queueName, String groupName) {
    Queue queue = queues.require(application, queueName);
    requireViewer(caller, queue);
    return require(queue, groupName);
  }

  public CompletionStage<Group> require(Queue queue, String groupName) {
    GroupName name = GroupName.tryParse(groupName).orElseThrow(GroupNotFound::new);
    return groups.find(queue.id(), name).thenApply(found -> found.orElseThrow(GroupNotFound::new));
  }

  public CompletionStage<Group> update(
      Caller caller, String application, String queueName, String groupName, GroupChange change) {
    Queue queue = queues.require(application, queueName);
    Permissions.requireOwner(caller, application);
    change
        .deadLetterQueue()
        .flatMap(dlq -> dlq)
        .ifPresent(dlq -> requireDeadLetterQueue(queue, dlq));
    return require(queue, groupName)
        .thenCompose(
            current -> {
              if (change.mode().isPresent() && change.mode().get() != current.mode()) {
                throw new InvalidParameter("mode", "The mode of a group cannot change.");
              }
              if (change.ordered().isPresent() && change.ordered().get() != current.ordered()) {
                throw new InvalidParameter("ordered", "Whether a group is ordered cannot change.");
              }
              if (change.start().isPresent()) {
                throw new InvalidParameter("start", "start applies at creation; use seek.");
              }
              Group changed =
                  current.withSettings(
                      change.visibility().orElse(current.visibilitySeconds()),
                      change.maxDeliveries().orElse(current.maxDeliveries()),
                      change.deadLetterQueue().orElse(current.deadLetterQueue()));
              return groups
                  .update(changed)
                  .thenApply(
                      updated -> {
                        if (!updated) {
                          throw new GroupNotFound();
                        }
                        return changed;
                      });
            });
  }

  public CompletionStage<Void> delete(
      Caller caller, String application, String queueName, String groupName) {
    Queue queue = queues.require(application, queueName);
    Permissions.requireOwner(caller, application);
    return require(queue, groupName)
        .thenCompose(groups::delete)
        .thenAccept(
            deleted -> {
              if (!deleted) {
                throw new GroupNotFound();
              }
            });
  }

  /**
   * Starts a new generation at {@code position}: its deliveries are kept apart from the old ones,
   * which simply expire, so old receipts find no lease of theirs and are stale.
   */
  public CompletionStage<Group> seek(Queue queue, Group current, MessageId position) {
    Group next = current.seekTo(position);
    return groups
        .seek(current, next)
        .thenCompose(
            moved -> {
              if (moved) {
                return java.util.concurrent.CompletableFuture.completedFuture(next);
              }
              // Another seek won meanwhile: seek again from the generation it left.
              return require(queue, current.name().value())
                  .thenCompose(latest -> seek(queue, latest, position));
            });
  }

  /** Deleting a queue deletes its groups (they are unreachable already: keyed by its id). */
  void queueDeleted(@Observes QueueDeleted deleted) {
    groups
        .deleteAll(deleted.queue().id())
        .exceptionally(
            failure -> {
              LOG.log(
                  Level.WARNING,
                  "Groups of deleted queue " + deleted.queue().name() + " stay until reclaimed",
                  failure);
              return null;
            });
  }

  private void requireDeadLetterQueue(Queue queue, QueueName deadLetter) {
    if (deadLetter.equals(queue.name())) {
      throw new InvalidParameter(
          "dead_letter_queue", "dead_letter_queue must be another queue than the group's.");
    }
    try {
      queues.require(queue.application(), deadLetter.value());
    } catch (QueueNotFound missing) {
      throw new InvalidParameter(
          "dead_letter_queue", "dead_letter_queue must name a queue of the same application.");
    }
  }

  /** Seeing a group: the owner, or anyone who may consume from it. */
  private static void requireViewer(Caller caller, Queue queue) {
    try {
      Permissions.requireOwner(caller, queue.application());
    } catch (AccessDenied notOwner) {
      QueueAccess.requireReaderOrDeleter(caller, queue);
    }
  }
}
