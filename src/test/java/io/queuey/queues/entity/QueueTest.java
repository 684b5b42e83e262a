package io.queuey.queues.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueTest {

  private static final Instant CREATED = Instant.ofEpochSecond(1_323_976_306L);
  private static final UUID INCARNATION = UUID.randomUUID();

  @Test
  void newSettingsKeepTheQueueIdentityAndIncarnation() {
    Queue queue =
        new Queue("app", QueueName.parse("q"), QueueSettings.DEFAULTS, CREATED, INCARNATION);

    Queue updated = queue.withSettings(QueueSettings.DEFAULTS.withPartitions(5));

    assertEquals(5, updated.settings().partitions());
    assertEquals(INCARNATION, updated.id());
    assertEquals(CREATED, updated.created());
    assertEquals(QueueName.parse("q"), updated.name());
    assertEquals("app", updated.application());
  }

  @Test
  void queueWithAMissingPartIsRefused() {
    QueueName name = QueueName.parse("q");
    QueueSettings settings = QueueSettings.DEFAULTS;

    assertThrows(
        NullPointerException.class, () -> new Queue(null, name, settings, CREATED, INCARNATION));
    assertThrows(
        NullPointerException.class, () -> new Queue("a", null, settings, CREATED, INCARNATION));
    assertThrows(
        NullPointerException.class, () -> new Queue("a", name, null, CREATED, INCARNATION));
    assertThrows(
        NullPointerException.class, () -> new Queue("a", name, settings, null, INCARNATION));
    assertThrows(NullPointerException.class, () -> new Queue("a", name, settings, CREATED, null));
  }
}
