package io.queuey.messages.control;

import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.errors.InvalidParameter;
import io.queuey.messages.entity.IncomingMessage;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
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

  /**
   * Stores the messages, all or none, and answers them in the order sent. Partitions are checked
   * against the queue here, as the boundary does not know the queue; a batch reports them as {@code
   * "<index>.partition"}, even a batch of one.
   */
  public CompletionStage<List<NewMessage>> post(
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
              ids.next(), partition, message.body(), message.contentType(), message.ttl()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidParameter(errors);
    }
    return store.post(queue, placed).thenApply(stored -> placed);
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
