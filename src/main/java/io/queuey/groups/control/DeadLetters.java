package io.queuey.groups.control;

import io.queuey.errors.QueueNotFound;
import io.queuey.groups.entity.Group;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts messages a group gave up on to its dead-letter queue: same body and content type, a new id,
 * the same partition number when the dead-letter queue has it (else its first). The claim that
 * found them dead marked them so in the same conditional write that moved the cursor, so each is
 * posted by one claim only.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

  @Inject QueueService queues;
  @Inject MessageStore messages;

  private final MessageIdGenerator ids = new MessageIdGenerator();

  void post(Queue queue, Group group, List<Message> dead) {
    if (group.deadLetterQueue().isEmpty()) {
      return;
    }
    Queue target;
    try {
      target = queues.require(queue.application(), group.deadLetterQueue().get().value());
    } catch (QueueNotFound gone) {
      LOG.warning(
          () ->
              "Dead-letter queue "
                  + group.deadLetterQueue().get()
                  + " is gone; dropping "
                  + dead.size()
                  + " messages of group "
                  + group.name());
      return;
    } catch (RuntimeException failure) {
      LOG.log(Level.WARNING, "Dead-letter queue lookup failed", failure);
      return;
    }
    int partitions = target.settings().partitions();
    List<NewMessage> posts =
        dead.stream()
            .map(
                message ->
                    new NewMessage(
                        ids.next(),
                        message.partition().number() <= partitions
                            ? message.partition()
                            : Partition.FIRST,
                        message.body(),
                        message.contentType(),
                        Ttl.DEFAULT))
            .toList();
    messages
        .post(target, posts)
        .exceptionally(
            failure -> {
              LOG.log(
                  Level.WARNING,
                  "Could not post " + posts.size() + " dead letters of group " + group.name(),
                  failure);
              return null;
            });
  }
}
