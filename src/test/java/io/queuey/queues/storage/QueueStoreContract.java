package io.queuey.queues.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.auth.entity.Principal;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Consistency;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import io.queuey.queues.entity.QueueType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every queue store does, whatever keeps the data. */
abstract class QueueStoreContract {

  protected abstract QueueStore store();

  static final int CONCURRENT_ROUNDS = 20;

  /** Each test its own application, so that listings see only its queues. */
  private final String application = "app-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aCreatedQueueIsFoundWithAllItsSettings() {
    var settings =
        new QueueSettings(
            7,
            QueueType.PUBLIC,
            Consistency.VERY_STRONG,
            List.of(Principal.application("reader"), Principal.user("ann@example.com")));
    Queue queue = queue("full", settings);
    assertTrue(store().create(queue));
    assertEquals(Optional.of(queue), store().find(application, queue.name()));
  }

  @Test
  void aNameThatIsTakenIsNotCreatedAgain() {
    Queue first = queue("taken", QueueSettings.DEFAULTS);
    Queue second = queue("taken", QueueSettings.DEFAULTS.withPartitions(9));
    assertTrue(store().create(first));
    assertFalse(store().create(second));
    assertEquals(first.id(), store().find(application, first.name()).orElseThrow().id());
  }

  @Test
  void anUnknownQueueIsNotFound() {
    assertEquals(Optional.empty(), store().find(application, new QueueName("nothing")));
  }

  @Test
  void anUpdateReplacesTheSettings() {
    Queue queue = queue("updated", QueueSettings.DEFAULTS);
    store().create(queue);
    var settings =
        new QueueSettings(
            3, QueueType.PUBLIC, Consistency.WEAK, List.of(Principal.application("x")));
    Queue changed = queue.withSettings(settings);
    assertEquals(Optional.of(changed), store().update(application, queue.name(), old -> settings));
    assertEquals(Optional.of(changed), store().find(application, queue.name()));
  }

  @Test
  void anUpdateOfPrinciplesBackToNoneApplies() {
    var withPrinciples = QueueSettings.DEFAULTS.withPartitions(2);
    Queue queue =
        queue(
            "principled",
            new QueueSettings(
                2, QueueType.USER, Consistency.STRONG, List.of(Principal.user("ann@example.com"))));
    store().create(queue);
    assertTrue(store().update(application, queue.name(), old -> withPrinciples).isPresent());
    assertEquals(withPrinciples, store().find(application, queue.name()).orElseThrow().settings());
    assertTrue(store().update(application, queue.name(), old -> old.withPartitions(5)).isPresent());
    assertEquals(5, store().find(application, queue.name()).orElseThrow().settings().partitions());
  }

  @Test
  void anUpdateAppliesTheChangeToTheCurrentSettings() {
    Queue queue = queue("current", QueueSettings.DEFAULTS);
    store().create(queue);
    store().update(application, queue.name(), old -> old.withPartitions(4));
    Queue changed =
        store()
            .update(application, queue.name(), old -> old.withConsistency(Consistency.WEAK))
            .orElseThrow();
    assertEquals(4, changed.settings().partitions());
    assertEquals(Consistency.WEAK, changed.settings().consistency());
  }

  @Test
  void anUpdateOfAQueueDeletedMeanwhileDoesNotBringItBack() {
    Queue queue = queue("gone", QueueSettings.DEFAULTS);
    store().create(queue);
    assertEquals(Optional.of(queue), store().delete(application, queue.name()));
    assertEquals(
        Optional.empty(), store().update(application, queue.name(), old -> old.withPartitions(2)));
    assertEquals(Optional.empty(), store().find(application, queue.name()));
  }

  /**
   * The lost update once measured: two concurrent changes of different fields of a fresh queue,
   * both answered, and one of them gone afterwards (partitions even shrinking back).
   */
  @Test
  void concurrentUpdatesOfDifferentFieldsAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
        Queue queue = queue("race-" + round, QueueSettings.DEFAULTS);
        assertTrue(store().create(queue));
        var start = new CountDownLatch(1);
        Future<Optional<Queue>> grow =
            pool.submit(
                () -> {
                  start.await();
                  return store().update(application, queue.name(), old -> old.withPartitions(8));
                });
        Future<Optional<Queue>> publish =
            pool.submit(
                () -> {
                  start.await();
                  return store()
                      .update(application, queue.name(), old -> old.withType(QueueType.PUBLIC));
                });
        start.countDown();
        assertTrue(grow.get(30, TimeUnit.SECONDS).isPresent());
        assertTrue(publish.get(30, TimeUnit.SECONDS).isPresent());
        QueueSettings stored = store().find(application, queue.name()).orElseThrow().settings();
        assertEquals(8, stored.partitions(), "round " + round);
        assertEquals(QueueType.PUBLIC, stored.type(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDeleteOfAMissingQueueSaysSo() {
    assertEquals(Optional.empty(), store().delete(application, new QueueName("never")));
  }

  @Test
  void aDeletedQueueCanBeCreatedAgainAsANewIncarnation() {
    Queue old = queue("again", QueueSettings.DEFAULTS);
    store().create(old);
    store().delete(application, old.name());
    Queue fresh = queue("again", QueueSettings.DEFAULTS);
    assertTrue(store().create(fresh));
    assertEquals(fresh.id(), store().find(application, old.name()).orElseThrow().id());
  }

  @Test
  void pagingWithOffsetsVisitsEveryQueueExactlyOnce() {
    var created = new HashSet<String>();
    for (int i = 0; i < 57; i++) {
      Queue queue = queue("q" + i, QueueSettings.DEFAULTS);
      store().create(queue);
      created.add(queue.name().value());
    }
    var visited = new ArrayList<String>();
    Optional<QueueName> offset = Optional.empty();
    while (true) {
      // One more than a page: the extra one is where the next page starts (offset is inclusive).
      List<Queue> page = store().list(application, offset, 11);
      page.subList(0, Math.min(10, page.size())).forEach(q -> visited.add(q.name().value()));
      if (page.size() <= 10) {
        break;
      }
      offset = Optional.of(page.get(10).name());
    }
    assertEquals(created.size(), visited.size(), "no queue visited twice");
    assertEquals(created, new HashSet<>(visited), "every queue visited");
  }

  @Test
  void theOrderOfAListingIsStable() {
    for (int i = 0; i < 20; i++) {
      store().create(queue("s" + i, QueueSettings.DEFAULTS));
    }
    assertEquals(
        names(store().list(application, Optional.empty(), 100)),
        names(store().list(application, Optional.empty(), 100)));
  }

  @Test
  void aListingStopsAtTheLimit() {
    for (int i = 0; i < 12; i++) {
      store().create(queue("l" + i, QueueSettings.DEFAULTS));
    }
    assertEquals(5, store().list(application, Optional.empty(), 5).size());
    assertEquals(12, store().list(application, Optional.empty(), 1000).size());
  }

  @Test
  void aListingShowsOnlyTheApplicationsOwnQueues() {
    store().create(queue("mine", QueueSettings.DEFAULTS));
    var other =
        new Queue(
            "other-" + application,
            new QueueName("theirs"),
            QueueSettings.DEFAULTS,
            now(),
            UUID.randomUUID());
    store().create(other);
    assertEquals(List.of("mine"), names(store().list(application, Optional.empty(), 100)));
  }

  private static List<String> names(List<Queue> queues) {
    return queues.stream().map(queue -> queue.name().value()).toList();
  }

  private Queue queue(String name, QueueSettings settings) {
    return new Queue(application, new QueueName(name), settings, now(), UUID.randomUUID());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
