package io.queuey.queues.storage;

import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/** Queue metadata in this JVM's memory, ordered by name: for unit tests and the quick dev mode. */
@ApplicationScoped
@Typed(InMemoryQueueStore.class)
public class InMemoryQueueStore implements QueueStore {

  private final Map<String, ConcurrentSkipListMap<String, Queue>> byApplication =
      new ConcurrentHashMap<>();

  private ConcurrentSkipListMap<String, Queue> queuesOf(String application) {
    return byApplication.computeIfAbsent(application, absent -> new ConcurrentSkipListMap<>());
  }

  @Override
  public Optional<Queue> find(String application, QueueName name) {
    return Optional.ofNullable(queuesOf(application).get(name.value()));
  }

  @Override
  public boolean create(Queue queue) {
    return queuesOf(queue.application()).putIfAbsent(queue.name().value(), queue) == null;
  }

  @Override
  public Optional<Queue> update(
      String application, QueueName name, UnaryOperator<QueueSettings> change) {
    return Optional.ofNullable(
        queuesOf(application)
            .computeIfPresent(
                name.value(),
                (key, stored) -> stored.withSettings(change.apply(stored.settings()))));
  }

  @Override
  public Optional<Queue> delete(String application, QueueName name) {
    return Optional.ofNullable(queuesOf(application).remove(name.value()));
  }

  @Override
  public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
    var queues = queuesOf(application);
    var from = offset.map(name -> queues.tailMap(name.value(), true)).orElse(queues);
    return from.values().stream().limit(limit).toList();
  }
}
