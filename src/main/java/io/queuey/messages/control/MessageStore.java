package io.queuey.messages.control;

import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.entity.Queue;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where messages live. Messages belong to the queue's incarnation ({@link Queue#id()}), not to its
 * name: a queue deleted and created again starts empty.
 *
 * <p>Every call is asynchronous. A storage failure completes the stage exceptionally with {@code
 * io.queuey.errors.StorageUnavailable}; callers validate their input (partitions within the
 * queue's, ids of version 1) before calling.
 */
public interface MessageStore {

  /**
   * Stores all the messages or none: the stage fails if any could not be stored, and then none is
   * left readable.
   */
  CompletionStage<Void> post(Queue queue, List<NewMessage> messages);

  /**
   * Up to {@code request.limit()} live messages of one partition, in id order (or its reverse),
   * starting at {@code request.since()} inclusive and leaving out those after {@code
   * request.notAfter()}.
   */
  CompletionStage<List<Message>> read(Queue queue, Partition partition, ReadRequest request);

  /**
   * The live messages named, in the order named; those not found (never stored, expired, deleted,
   * or in another partition) are left out. Not subject to the read delay.
   */
  CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs);

  /**
   * Writes {@code body}, {@code contentType} (may be null) and {@code ttl} at each id, keeping the
   * id and so the timestamp; an id not stored yet is created.
   */
  CompletionStage<Void> overwrite(
      Queue queue, List<MessageRef> refs, String body, String contentType, Ttl ttl);

  /** Deletes the messages named; ids not found are ignored. */
  CompletionStage<Void> delete(Queue queue, List<MessageRef> refs);

  /**
   * Live messages over partitions 1 to {@code queue.settings().partitions()}. It reads every
   * message id of the queue, so its cost grows with the queue's size: for listings, not for every
   * request.
   */
  CompletionStage<Long> count(Queue queue);

  /**
   * Reclaims every message of a queue whose metadata is already deleted (so its messages are
   * unreachable). Best effort: the stage completes when done and never fails; failures are logged,
   * and whatever is left expires with its TTL.
   */
  CompletionStage<Void> deleteAll(Queue queue);
}
