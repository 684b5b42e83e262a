package io.queuey.queues.control;

import io.queuey.auth.control.Applications;
import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.errors.ApplicationNotFound;
import io.queuey.errors.InvalidParameter;
import io.queuey.errors.QueueNotFound;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueDeleted;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import io.queuey.queues.entity.SettingsChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Queue management: the rules of creating, changing, listing and deleting queues. */
@ApplicationScoped
public class QueueService {

  private static final Logger LOG = Logger.getLogger(QueueService.class.getName());

  @Inject Applications applications;
  @Inject QueueStore queues;
  @Inject QueueContents contents;
  @Inject Event<QueueDeleted> deletions;

  /** The queue a path names, or a 404: an unknown application, a name that cannot be, none. */
  public Queue require(String application, String queueName) {
    requireApplication(application);
    QueueName name = QueueName.tryParse(queueName).orElseThrow(QueueNotFound::new);
    return queues.find(application, name).orElseThrow(QueueNotFound::new);
  }

  public List<Queue> list(
      Caller caller, String application, Optional<QueueName> offset, int limit) {
    requireOwner(caller, application);
    return queues.list(application, offset, limit);
  }

  public Queue create(
      Caller caller, String application, Optional<QueueName> name, SettingsChange settings) {
    requireOwner(caller, application);
    var queue =
        new Queue(
            application,
            name.orElseGet(QueueName::random),
            settings.applyTo(QueueSettings.DEFAULTS),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            UUID.randomUUID());
    if (!queues.create(queue)) {
      throw new InvalidParameter("queue_name", "A queue of that name exists already.");
    }
    return queue;
  }

  /**
   * Applies the change to the queue's current settings as one linearizable step: a concurrent
   * change of another field is kept, and partitions never shrink, even between concurrent updates.
   */
  public Queue update(Caller caller, String application, String queueName, SettingsChange change) {
    requireOwner(caller, application);
    QueueName name = QueueName.tryParse(queueName).orElseThrow(QueueNotFound::new);
    return queues
        .update(application, name, current -> grown(current, change.applyTo(current)))
        .orElseThrow(QueueNotFound::new);
  }

  private static QueueSettings grown(QueueSettings current, QueueSettings updated) {
    if (updated.partitions() < current.partitions()) {
      throw new InvalidParameter(
          "partitions", "partitions may only grow: the queue has " + current.partitions() + ".");
    }
    return updated;
  }

  /**
   * Deletes the queue's current incarnation; a 404 if there is none by the time the delete is
   * applied (another request deleted it, and reclaims its messages).
   */
  public void delete(Caller caller, String application, String queueName) {
    requireOwner(caller, application);
    QueueName name = QueueName.tryParse(queueName).orElseThrow(QueueNotFound::new);
    Queue queue = queues.delete(application, name).orElseThrow(QueueNotFound::new);
    deletions.fire(new QueueDeleted(queue));
    // The messages are unreachable from here on; reclaiming their space may take a while.
    contents
        .removeAll(queue)
        .exceptionally(
            failure -> {
              LOG.log(
                  Level.WARNING,
                  "Messages of deleted queue " + queue.name() + " stay until they expire",
                  failure);
              return null;
            });
  }

  /** The number of live messages of each queue, in the order given. */
  public List<Long> counts(List<Queue> page) {
    return page.stream().map(queue -> contents.count(queue)).toList();
  }

  /** A 404 for an unknown application, a 403 unless the caller is it. */
  public void requireOwner(Caller caller, String application) {
    requireApplication(application);
    Permissions.requireOwner(caller, application);
  }

  private void requireApplication(String application) {
    if (!applications.exists(application)) {
      throw new ApplicationNotFound();
    }
  }
}
