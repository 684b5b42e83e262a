package io.queuey.queues.control;

import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import java.util.List;
import java.util.Optional;

/** Where queue metadata is kept. Failures of the storage are {@code StorageUnavailable}. */
public interface QueueStore {

  Optional<Queue> find(String application, QueueName name);

  /** Stores a new queue; false (and nothing changed) if the name is taken. */
  boolean create(Queue queue);

  /** Replaces the settings of an existing queue; false if it does not exist (any more). */
  boolean update(Queue queue);

  /** Removes the queue's metadata; its messages become unreachable with it. */
  void delete(Queue queue);

  /**
   * A page of the application's queues in this store's stable order, starting at {@code offset}
   * (inclusive) when given: paging on from the name after the last one visits every queue once.
   */
  List<Queue> list(String application, Optional<QueueName> offset, int limit);
}
