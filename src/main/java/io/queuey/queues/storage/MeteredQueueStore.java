package io.queuey.queues.storage;

import io.queuey.observability.control.StorageTimer;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A queue store whose every call is timed, and its failures counted, in the metrics. */
final class MeteredQueueStore implements QueueStore {

  private final QueueStore store;
  private final StorageTimer timer;

  MeteredQueueStore(QueueStore store, StorageTimer timer) {
    this.store = store;
    this.timer = timer;
  }

  @Override
  public Optional<Queue> find(String application, QueueName name) {
    return timer.time("find_queue", () -> store.find(application, name));
  }

  @Override
  public boolean create(Queue queue) {
    return timer.time("create_queue", () -> store.create(queue));
  }

  @Override
  public Optional<Queue> update(
      String application, QueueName name, UnaryOperator<QueueSettings> change) {
    return timer.time("update_queue", () -> store.update(application, name, change));
  }

  @Override
  public Optional<Queue> delete(String application, QueueName name) {
    return timer.time("delete_queue", () -> store.delete(application, name));
  }

  @Override
  public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
    return timer.time("list_queues", () -> store.list(application, offset, limit));
  }
}
