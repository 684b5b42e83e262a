package io.queuey.messages.control;

import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.dedup.control.Deduplication;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import io.queuey.errors.InvalidParameter;
import io.queuey.messages.entity.IncomingMessage;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.PostedMessage;
import io.queuey.messages.entity.ReadQuery;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.entity.Ttl;
import io.queuey.platform.Limits;
import io.queuey.platform.Utf8;
import io.queuey.queues.control.QueueAccess;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/** Posting, reading and changing messages, with the permissions and the read delay. */
@ApplicationScoped
public class MessageService {

  private final MessageIdGenerator ids = new MessageIdGenerator();

  @Inject QueueService queues;
  @Inject MessageStore store;
  @Inject ReadDelays readDelays;
  @Inject Limits limits;
  @Inject Deduplication deduplication;
  @Inject StoredMessages storedMessages;

  /**
   * Stores the messages, all or none, and answers them in the order sent. Partitions are checked
   * against the queue here, as the boundary does not know the queue; a batch reports them as {@code
   * "<index>.partition"}, even a batch of one. Messages with an idempotency key seen within the
   * dedup window are not stored again: their entries are the original's, marked duplicate.
   */
  public CompletionStage<List<PostedMessage>> post(
      Caller caller,
      String application,
      String queueName,
      List<IncomingMessage> messages,
      boolean batch) {
    Queue queue = queues.require(application, queueName);
    Permissions.requireOwner(caller, application);
    int partitions = queue.settings().partitions();
    var errors = new LinkedHashMap<String, String>();
    var placed = new ArrayList<NewMessage>(messages.size());
    // One run of ids within one second: each queue partition's share of a batch is then one
    // Cassandra partition (one time bucket), written atomically.
    List<MessageId> runOfIds = ids.next(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      IncomingMessage message = messages.get(i);
      Partition partition =
          message
              .partition()
              .orElseGet(() -> Partition.of(1 + ThreadLocalRandom.current().nextInt(partitions)));
      if (partition.number() > partitions) {
        String field = batch ? i + ".partition" : "partition";
        errors.put(field, "partition must be between 1 and " + partitions + ".");
        continue;
      }
      placed.add(
          new NewMessage(
              runOfIds.get(i), partition, message.body(), message.contentType(), message.ttl()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidParameter(errors);
    }
    List<Optional<IdempotencyKey>> keys =
        messages.stream().map(IncomingMessage::idempotencyKey).toList();
    if (keys.stream().noneMatch(Optional::isPresent)) {
      List<PostedMessage> answer = placed.stream().map(MessageService::stored).toList();
      return store.post(queue, placed).thenCompose(stored -> told(queue, answer));
    }
    return postOnce(queue, placed, keys).thenCompose(answer -> told(queue, answer));
  }

  /**
   * Claims the keys first, then stores only the messages whose key was new, and the originals of
   * repeated keys that are not stored (their post failed or died).
   */
  private CompletionStage<List<PostedMessage>> postOnce(
      Queue queue, List<NewMessage> placed, List<Optional<IdempotencyKey>> keys) {
    List<Original> candidates =
        placed.stream().map(m -> new Original(m.id().uuid(), m.partition().number())).toList();
    // Async: the key store answers on a driver thread, where the message store must not be
    // used for the first time (it prepares its statements then, synchronously).
    return deduplication
        .claim(queue.id(), keys, candidates)
        .thenComposeAsync(
            originals -> {
              var fresh = new ArrayList<NewMessage>();
              var answer = new ArrayList<PostedMessage>(placed.size());
              var repeats = new LinkedHashMap<MessageRef, NewMessage>();
              for (int i = 0; i < placed.size(); i++) {
                Optional<Original> original = originals.get(i);
                if (original.isPresent()) {
                  NewMessage retry = placed.get(i);
                  var first =
                      new NewMessage(
                          MessageId.of(original.get().messageId()),
                          Partition.of(original.get().partition()),
                          retry.body(),
                          retry.contentType(),
                          retry.ttl());
                  repeats.putIfAbsent(first.ref(), first);
                  answer.add(new PostedMessage(first.id(), first.partition(), true));
                } else {
                  fresh.add(placed.get(i));
                  answer.add(stored(placed.get(i)));
                }
              }
              // A key repeated within this batch stands for an item stored now, not a lost one.
              placed.forEach(item -> repeats.remove(item.ref()));
              return missing(queue, repeats)
                  .thenCompose(
                      lost -> {
                        fresh.addAll(lost);
                        return storeClaimed(queue, fresh, answer);
                      });
            });
  }

  /**
   * The originals of repeated keys whose message is not there: the post that claimed the key failed
   * or died before storing it. They are stored now, under the original id, with the retry's body (a
   * producer repeats the same post), so that a retry never answers a message that was lost.
   */
  private CompletionStage<List<NewMessage>> missing(
      Queue queue, Map<MessageRef, NewMessage> repeats) {
    if (repeats.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return store
        .fetch(queue, List.copyOf(repeats.keySet()))
        .thenApply(
            found -> {
              var lost = new LinkedHashMap<>(repeats);
              found.forEach(
                  message -> lost.remove(new MessageRef(message.partition(), message.id())));
              return List.copyOf(lost.values());
            });
  }

  private CompletionStage<List<PostedMessage>> storeClaimed(
      Queue queue, List<NewMessage> fresh, List<PostedMessage> answer) {
    if (fresh.isEmpty()) {
      return CompletableFuture.completedFuture(answer);
    }
    // A failed post keeps its keys: its write may still land (a timed-out write is not undone),
    // and the producer's retry with the same keys then finds the original, or stores it under
    // the original id if it is not there (see missing), so a retry never makes a second copy.
    return store.post(queue, fresh).thenApply(stored -> answer);
  }

  /**
   * Every message answered, new or the original of a repeated key, is stored by now: readers that
   * may have passed one of them are told before the producer is (see {@link StoredMessages}).
   */
  private CompletionStage<List<PostedMessage>> told(Queue queue, List<PostedMessage> answer) {
    var refs = new ArrayList<MessageRef>(answer.size());
    answer.forEach(posted -> refs.add(new MessageRef(posted.partition(), posted.id())));
    return storedMessages.stored(queue, refs).thenApply(done -> answer);
  }

  private static PostedMessage stored(NewMessage message) {
    return new PostedMessage(message.id(), message.partition(), false);
  }

  /**
   * The partitions in the order asked, each in id order, {@code limit} each, and all of them
   * together within {@link Limits#maxResponseBytes()} (plus at most one message): the partitions
   * are read one after another, each within what the ones before left of the bound.
   */
  public CompletionStage<List<Message>> read(
      Caller caller, String application, String queueName, ReadQuery query) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReader(caller, queue);
    for (Partition partition : query.partitions()) {
      partition.checkWithin("partitions", queue.settings().partitions());
    }
    var request =
        new ReadRequest(
            query.startId(),
            query.limit(),
            query.order(),
            readDelays.notAfter(queue.settings().consistency(), Timestamp.now()),
            limits.maxResponseBytes());
    return readPartitions(queue, query.partitions().iterator(), request, new ArrayList<>());
  }

  private CompletionStage<List<Message>> readPartitions(
      Queue queue, Iterator<Partition> partitions, ReadRequest request, List<Message> found) {
    if (!partitions.hasNext()) {
      return CompletableFuture.completedFuture(found);
    }
    return store
        .read(queue, partitions.next(), request)
        .thenCompose(
            messages -> {
              found.addAll(messages);
              long left = request.maxBytes();
              for (Message message : messages) {
                left -= Utf8.length(message.body());
              }
              return left <= 0
                  ? CompletableFuture.completedFuture(found)
                  : readPartitions(queue, partitions, request.maxBytes(left), found);
            });
  }

  /** By id, without the read delay: a client that knows an id may see its message at once. */
  public CompletionStage<List<Message>> fetch(
      Caller caller, String application, String queueName, List<MessageRef> refs) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReader(caller, queue);
    return store.fetch(queue, refs);
  }

  public CompletionStage<Void> overwrite(
      Caller caller,
      String application,
      String queueName,
      List<MessageRef> refs,
      String body,
      String contentType,
      Ttl ttl) {
    Queue queue = queues.require(application, queueName);
    Permissions.requireOwner(caller, application);
    for (MessageRef ref : refs) {
      ref.partition().checkWithin("partition", queue.settings().partitions());
    }
    return store.overwrite(queue, refs, body, contentType, ttl);
  }

  public CompletionStage<Void> delete(
      Caller caller, String application, String queueName, List<MessageRef> refs) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReaderOrDeleter(caller, queue);
    return store.delete(queue, refs);
  }
}
