package io.queuey.queues.control;

import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where queue metadata is kept. Changes are linearizable per queue: {@link #create}, {@link
 * #update} and {@link #delete} each take effect at one instant between their call and return, and
 * say whether they did. Failures of the storage are {@code StorageUnavailable}.
 */
public interface QueueStore {

  /** The queue as last looked up: may lag behind changes made elsewhere (see the cache). */
  Optional<Queue> find(String application, QueueName name);

  /** Stores a new queue; false (and nothing changed) if the name is taken. */
  boolean create(Queue queue);

  /**
   * Applies {@code change} to the queue's current settings (read linearizably, not from a cache)
   * and stores the result only if nothing changed them meanwhile, else reads and applies again; so
   * concurrent updates of different fields all take effect. {@code change} may throw to refuse the
   * settings it is given; it may be called several times. Empty if the queue does not exist.
   */
  Optional<Queue> update(String application, QueueName name, UnaryOperator<QueueSettings> change);

  /**
   * Removes the queue's metadata, whichever incarnation is current (read linearizably), which makes
   * its messages unreachable; the queue deleted, or empty if there was none.
   */
  Optional<Queue> delete(String application, QueueName name);

  /**
   * A page of the application's queues in this store's stable order, starting at {@code offset}
   * (inclusive) when given: paging on from the name after the last one visits every queue once.
   */
  List<Queue> list(String application, Optional<QueueName> offset, int limit);
}
