package io.queuey.groups.control;

import io.queuey.dedup.control.Deduplication;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * Posts messages a group gives up on to its dead-letter queue: same body and content type, a new
 * id, the same partition number when the dead-letter queue has it (else its first). Each post
 * carries the idempotency key {@code dead:<group id>:<message id>}, so the claims that may post one
 * message (one whose conditional write lost, one on an instance that died before its write) store
 * it once within {@code queuey.dedup.window-seconds}.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

  @Inject QueueService queues;
  @Inject MessageStore messages;
  @Inject Deduplication deduplication;

  private final MessageIdGenerator ids = new MessageIdGenerator();

  /** Completes when every message is in the dead-letter queue (or there is none to post to). */
  CompletionStage<Void> post(Queue queue, Group group, List<Message> dead) {
    if (group.deadLetterQueue().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    // The queue lookup blocks, and claims get here on the Cassandra driver's threads, where
    // blocking is forbidden: it runs elsewhere (dead letters are rare).
    return CompletableFuture.supplyAsync(
            () -> queues.require(queue.application(), group.deadLetterQueue().get().value()))
        .handleAsync(
            (target, failure) -> {
              if (failure == null) {
                return postTo(target, group, dead);
              }
              if (Claims.unwrap(failure) instanceof QueueNotFound) {
                LOG.warning(
                    () ->
                        "Dead-letter queue "
                            + group.deadLetterQueue().get()
                            + " is gone; dropping "
                            + dead.size()
                            + " messages of group "
                            + group.name());
                return CompletableFuture.<Void>completedFuture(null);
              }
              return CompletableFuture.<Void>failedFuture(Claims.unwrap(failure));
            })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<Void> postTo(Queue target, Group group, List<Message> dead) {
    int partitions = target.settings().partitions();
    var posts = new ArrayList<NewMessage>(dead.size());
    var keys = new ArrayList<Optional<IdempotencyKey>>(dead.size());
    var candidates = new ArrayList<Original>(dead.size());
    for (Message message : dead) {
      Partition partition =
          message.partition().number() <= partitions ? message.partition() : Partition.FIRST;
      NewMessage post =
          new NewMessage(ids.next(), partition, message.body(), message.contentType(), Ttl.DEFAULT);
      posts.add(post);
      keys.add(Optional.of(new IdempotencyKey("dead:" + group.id() + ":" + message.id().hex())));
      candidates.add(new Original(post.id().uuid(), partition.number()));
    }
    return deduplication
        .claim(target.id(), keys, candidates)
        .thenCompose(
            originals -> {
              var fresh = new ArrayList<NewMessage>();
              var freshKeys = new ArrayList<Optional<IdempotencyKey>>();
              var freshCandidates = new ArrayList<Original>();
              for (int i = 0; i < posts.size(); i++) {
                if (originals.get(i).isEmpty()) {
                  fresh.add(posts.get(i));
                  freshKeys.add(keys.get(i));
                  freshCandidates.add(candidates.get(i));
                }
              }
              if (fresh.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              return messages
                  .post(target, fresh)
                  .whenComplete(
                      (stored, failure) -> {
                        if (failure != null) {
                          deduplication.forget(target.id(), freshKeys, freshCandidates);
                        }
                      });
            });
  }
}
