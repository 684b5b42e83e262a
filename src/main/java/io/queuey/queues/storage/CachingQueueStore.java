package io.queuey.queues.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Remembers queue lookups (also of queues that do not exist) for a short time, as every message
 * call looks its queue up first. Loads are single-flight: concurrent lookups of one queue that miss
 * wait for one read instead of each sending their own. The cache holds at most {@code maxEntries}
 * queues, evicting the least used (Caffeine's W-TinyLFU, close to LRU), so a million queues cost no
 * stampede.
 *
 * <p>This instance's own changes take effect here at once; another instance's within the time to
 * live, so a queue deleted or changed elsewhere may be served as it was for that long. Updates and
 * deletes never rely on the cache: the store reads the current settings linearizably.
 */
final class CachingQueueStore implements QueueStore {

  private record Key(String application, QueueName name) {}

  private final QueueStore store;
  private final Cache<Key, Optional<Queue>> entries;

  CachingQueueStore(QueueStore store, long timeToLiveMillis, long maxEntries, Clock clock) {
    this.store = store;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(Duration.ofMillis(timeToLiveMillis))
            .ticker(() -> clock.millis() * 1_000_000L)
            // Eviction work on the caller's thread: no pool of the app server's is borrowed.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Optional<Queue> find(String application, QueueName name) {
    return entries.get(new Key(application, name), key -> store.find(application, name));
  }

  @Override
  public boolean create(Queue queue) {
    try {
      return store.create(queue);
    } finally {
      forget(queue.application(), queue.name());
    }
  }

  @Override
  public Optional<Queue> update(
      String application, QueueName name, UnaryOperator<QueueSettings> change) {
    try {
      return store.update(application, name, change);
    } finally {
      forget(application, name);
    }
  }

  @Override
  public Optional<Queue> delete(String application, QueueName name) {
    try {
      return store.delete(application, name);
    } finally {
      forget(application, name);
    }
  }

  @Override
  public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
    return store.list(application, offset, limit);
  }

  /** How many queues are remembered now (after pending evictions): for tests. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  private void forget(String application, QueueName name) {
    entries.invalidate(new Key(application, name));
  }
}
