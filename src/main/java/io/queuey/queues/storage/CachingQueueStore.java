package io.queuey.queues.storage;

import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers queue lookups for a short time, as every message call looks its queue up first. This
 * instance's own changes take effect at once; another instance's within the time to live, so a
 * queue deleted or changed elsewhere may be served as it was for that long.
 */
final class CachingQueueStore implements QueueStore {

  /** Bounds the memory: past this many entries the cache starts over. */
  static final int MAX_ENTRIES = 100_000;

  private record Key(String application, QueueName name) {}

  private record Entry(Optional<Queue> queue, long expiresAtMillis) {}

  private final QueueStore store;
  private final long timeToLiveMillis;
  private final Clock clock;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  CachingQueueStore(QueueStore store, long timeToLiveMillis, Clock clock) {
    this.store = store;
    this.timeToLiveMillis = timeToLiveMillis;
    this.clock = clock;
  }

  @Override
  public Optional<Queue> find(String application, QueueName name) {
    var key = new Key(application, name);
    long now = clock.millis();
    Entry entry = entries.get(key);
    if (entry != null && entry.expiresAtMillis() > now) {
      return entry.queue();
    }
    Optional<Queue> queue = store.find(application, name);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, new Entry(queue, now + timeToLiveMillis));
    return queue;
  }

  @Override
  public boolean create(Queue queue) {
    forget(queue);
    return store.create(queue);
  }

  @Override
  public boolean update(Queue queue) {
    try {
      return store.update(queue);
    } finally {
      forget(queue);
    }
  }

  @Override
  public void delete(Queue queue) {
    try {
      store.delete(queue);
    } finally {
      forget(queue);
    }
  }

  @Override
  public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
    return store.list(application, offset, limit);
  }

  private void forget(Queue queue) {
    entries.remove(new Key(queue.application(), queue.name()));
  }
}
