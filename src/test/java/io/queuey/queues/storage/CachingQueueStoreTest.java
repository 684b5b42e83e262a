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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CachingQueueStoreTest {

  private final AtomicInteger finds = new AtomicInteger();
  private final InMemoryQueueStore backing = new InMemoryQueueStore();
  private final Counting counting = new Counting();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final CachingQueueStore cache =
      new CachingQueueStore(counting, 1000, 3, new MovableClock());

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
    cache.delete("app", queue.name());
    assertEquals(Optional.empty(), cache.find("app", queue.name()));
  }

  @Test
  void thisInstancesUpdateIsSeenAtOnce() {
    Queue queue = queue("d");
    cache.create(queue);
    cache.find("app", queue.name());
    assertTrue(cache.update("app", queue.name(), old -> old.withPartitions(4)).isPresent());
    assertEquals(4, cache.find("app", queue.name()).orElseThrow().settings().partitions());
  }

  @Test
  void aQueueCreatedAfterAMissIsFoundAtOnceWhenCreatedHere() {
    Queue queue = queue("e");
    assertEquals(Optional.empty(), cache.find("app", queue.name()));
    cache.create(queue);
    assertEquals(Optional.of(queue), cache.find("app", queue.name()));
  }

  @Test
  void concurrentMissesOfOneQueueShareOneRead() throws Exception {
    Queue queue = queue("f");
    backing.create(queue);
    var release = new CountDownLatch(1);
    var slow =
        new CachingQueueStore(
            new Counting() {
              @Override
              public Optional<Queue> find(String application, QueueName name) {
                try {
                  release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                  Thread.currentThread().interrupt();
                }
                return super.find(application, name);
              }
            },
            1000,
            3,
            new MovableClock());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      var lookups = new java.util.ArrayList<Future<Optional<Queue>>>();
      for (int i = 0; i < 8; i++) {
        lookups.add(pool.submit(() -> slow.find("app", queue.name())));
      }
      Thread.sleep(200);
      release.countDown();
      for (var lookup : lookups) {
        assertEquals(Optional.of(queue), lookup.get(5, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, finds.get());
  }

  @Test
  void theCacheHoldsNoMoreThanItsBound() {
    for (int i = 0; i < 10; i++) {
      cache.find("app", new QueueName("q" + i));
    }
    assertTrue(cache.size() <= 3, "size " + cache.size());
  }

  private Queue queue(String name) {
    return new Queue("app", new QueueName(name), QueueSettings.DEFAULTS, now, UUID.randomUUID());
  }

  private class Counting extends InMemoryQueueStore {
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
    public Optional<Queue> update(
        String application, QueueName name, UnaryOperator<QueueSettings> change) {
      return backing.update(application, name, change);
    }

    @Override
    public Optional<Queue> delete(String application, QueueName name) {
      return backing.delete(application, name);
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
