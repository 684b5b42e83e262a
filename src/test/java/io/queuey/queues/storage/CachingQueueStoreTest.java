package io.queuey.queues.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingQueueStoreTest {

  private final AtomicInteger finds = new AtomicInteger();
  private final InMemoryQueueStore backing = new InMemoryQueueStore();
  private final Counting counting = new Counting();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final CachingQueueStore cache = new CachingQueueStore(counting, 1000, new MovableClock());

  @Test
  void aLookupWithinTheTimeToLiveIsServedFromMemory() {
    Queue queue = queue("a");
    backing.create(queue);
    assertEquals(Optional.of(queue), cache.find("app", queue.name()));
    assertEquals(Optional.of(queue), cache.find("app", queue.name()));
    assertEquals(1, finds.get());
  }

  @Test
  void aLookupAfterTheTimeToLiveAsksTheStoreAgain() {
    Queue queue = queue("b");
    backing.create(queue);
    cache.find("app", queue.name());
    now = now.plus(Duration.ofMillis(1001));
    cache.find("app", queue.name());
    assertEquals(2, finds.get());
  }

  @Test
  void thisInstancesDeleteIsSeenAtOnce() {
    Queue queue = queue("c");
    cache.create(queue);
    assertTrue(cache.find("app", queue.name()).isPresent());
    cache.delete(queue);
    assertEquals(Optional.empty(), cache.find("app", queue.name()));
  }

  @Test
  void thisInstancesUpdateIsSeenAtOnce() {
    Queue queue = queue("d");
    cache.create(queue);
    cache.find("app", queue.name());
    Queue grown = queue.withSettings(queue.settings().withPartitions(4));
    assertTrue(cache.update(grown));
    assertEquals(4, cache.find("app", queue.name()).orElseThrow().settings().partitions());
  }

  @Test
  void aQueueCreatedAfterAMissIsFoundAtOnceWhenCreatedHere() {
    Queue queue = queue("e");
    assertEquals(Optional.empty(), cache.find("app", queue.name()));
    cache.create(queue);
    assertEquals(Optional.of(queue), cache.find("app", queue.name()));
  }

  private Queue queue(String name) {
    return new Queue("app", new QueueName(name), QueueSettings.DEFAULTS, now, UUID.randomUUID());
  }

  private final class Counting extends InMemoryQueueStore {
    @Override
    public Optional<Queue> find(String application, QueueName name) {
      finds.incrementAndGet();
      return backing.find(application, name);
    }

    @Override
    public boolean create(Queue queue) {
      return backing.create(queue);
    }

    @Override
    public boolean update(Queue queue) {
      return backing.update(queue);
    }

    @Override
    public void delete(Queue queue) {
      backing.delete(queue);
    }

    @Override
    public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
      return backing.list(application, offset, limit);
    }
  }

  private final class MovableClock extends Clock {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
