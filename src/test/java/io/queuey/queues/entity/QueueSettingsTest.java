package io.queuey.queues.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

  @Test
  void defaultsAreOneUserQueuePartitionOfStrongConsistencyWithoutPrinciples() {
    assertEquals(
        new QueueSettings(1, QueueType.USER, Consistency.STRONG, List.of()),
        QueueSettings.DEFAULTS);
  }

  @Test
  void twoHundredPartitionsAreAccepted() {
    assertEquals(200, QueueSettings.DEFAULTS.withPartitions(200).partitions());
  }

  @Test
  void partitionsOutsideOneToTwoHundredAreRejected() {
    for (int partitions : new int[] {0, -1, 201, Integer.MAX_VALUE}) {
      InvalidParameter ex =
          assertThrows(
              InvalidParameter.class,
              () -> new QueueSettings(partitions, QueueType.USER, Consistency.WEAK, List.of()),
              String.valueOf(partitions));
      assertEquals(Set.of("partitions"), ex.errors().keySet());
    }
  }

  @Test
  void partitionsParameterIsParsed() {
    assertEquals(1, QueueSettings.parsePartitions("1"));
    assertEquals(200, QueueSettings.parsePartitions("200"));
    assertEquals(12, QueueSettings.parsePartitions("012"));
  }

  @Test
  void malformedOrOutOfRangePartitionsParameterIsRejected() {
    String[] bad = {"", "0", "201", "-1", "+1", "abc", "1.5", "1e2", " 1", "99999999999999"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> QueueSettings.parsePartitions(text), text);
      assertEquals(Set.of("partitions"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> QueueSettings.parsePartitions(null));
    assertEquals(Set.of("partitions"), absent.errors().keySet());
  }

  @Test
  void principlesAreCopiedAndCannotBeChanged() {
    List<Principal> given = new ArrayList<>(List.of(Principal.application("a")));
    QueueSettings settings = QueueSettings.DEFAULTS.withPrinciples(given);

    given.add(Principal.application("b"));

    assertEquals(List.of(Principal.application("a")), settings.principles());
    assertThrows(
        UnsupportedOperationException.class,
        () -> settings.principles().add(Principal.application("c")));
  }

  @Test
  void withersReplaceOneSettingOnly() {
    QueueSettings settings =
        QueueSettings.DEFAULTS
            .withPartitions(4)
            .withType(QueueType.PUBLIC)
            .withConsistency(Consistency.VERY_STRONG)
            .withPrinciples(List.of(Principal.user("ann@example.com")));

    assertEquals(
        new QueueSettings(
            4,
            QueueType.PUBLIC,
            Consistency.VERY_STRONG,
            List.of(Principal.user("ann@example.com"))),
        settings);
  }

  @Test
  void settingsWithoutTypeConsistencyOrPrinciplesAreRefused() {
    assertThrows(
        NullPointerException.class,
        () -> new QueueSettings(1, null, Consistency.STRONG, List.of()));
    assertThrows(
        NullPointerException.class, () -> new QueueSettings(1, QueueType.USER, null, List.of()));
    assertThrows(
        NullPointerException.class,
        () -> new QueueSettings(1, QueueType.USER, Consistency.STRONG, null));
  }
}
