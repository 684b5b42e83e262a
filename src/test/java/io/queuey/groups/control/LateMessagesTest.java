package io.queuey.groups.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.groups.entity.Delivery;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import io.queuey.groups.entity.Mode;
import io.queuey.groups.entity.Position;
import io.queuey.groups.storage.InMemoryDeliveryStore;
import io.queuey.messages.control.ReadDelays;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Ttl;
import io.queuey.messages.storage.InMemoryMessageStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A message whose write lands after a claim moved the group's dispatch mark past its id is never
 * read as fresh again; the re-arm of {@code LateArrivals} hands it out once, as a first delivery.
 */
class LateMessagesTest {

  private static final Partition ONE = Partition.of(1);

  private final MessageIdGenerator ids = new MessageIdGenerator();
  private final InMemoryMessageStore messages = new InMemoryMessageStore();
  private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
  private final Queue queue =
      new Queue(
          "app", QueueName.parse("q"), QueueSettings.DEFAULTS, Instant.now(), UUID.randomUUID());
  private final Claims claims =
      new Claims(
          deliveries,
          messages,
          new ReadDelays(ReadDelays.Settings.DEFAULTS, () -> true),
          new MessageIdGenerator(),
          3600,
          new FirstUse(),
          0,
          new Turns(),
          new io.queuey.groups.entity.Buckets(3600));

  private Group group(Mode mode) {
    return new Group(
        UUID.randomUUID(),
        GroupName.parse("g"),
        queue.id(),
        mode,
        30,
        0,
        Optional.empty(),
        false,
        Instant.now(),
        0,
        Position.earliest());
  }

  private void store(MessageId id, String body) {
    messages
        .post(queue, List.of(new NewMessage(id, ONE, body, "text/plain", Ttl.DEFAULT)))
        .toCompletableFuture()
        .join();
  }

  private List<Delivery> claim(Group group) {
    return claims
        .claim(queue, group, ONE, 10, 30, dead -> null)
        .toCompletableFuture()
        .join()
        .delivered();
  }

  private boolean rearm(Group group, MessageId id) {
    return claims.rearm(queue, group, ONE, List.of(id)).toCompletableFuture().join();
  }

  @Test
  void aMessageStoredBehindTheDispatchMarkIsHandedOutOnceAfterItsRearm() {
    Group group = group(Mode.AT_LEAST_ONCE);
    MessageId early = ids.next();
    MessageId later = ids.next();
    store(later, "later");
    assertEquals(List.of(later), claim(group).stream().map(d -> d.message().id()).toList());

    store(early, "early");
    assertEquals(List.of(), claim(group), "behind the dispatch mark: no claim reads it again");

    assertTrue(rearm(group, early), "the group had passed it");
    List<Delivery> again = claim(group);
    assertEquals(List.of(early), again.stream().map(d -> d.message().id()).toList());
    assertEquals(1, again.get(0).deliveries(), "its first delivery");
    assertFalse(rearm(group, early), "handed out already: a second re-arm changes nothing");
    assertEquals(List.of(), claim(group), "its lease holds");
  }

  @Test
  void aMessageTheGroupHasNotReachedIsLeftToBeReadAsFresh() {
    Group group = group(Mode.EXACTLY_ONCE);
    MessageId id = ids.next();
    store(id, "m");
    assertFalse(rearm(group, id), "nothing to re-arm before the first claim");
    List<Delivery> claimed = claim(group);
    assertEquals(List.of(id), claimed.stream().map(d -> d.message().id()).toList());
    assertEquals(1, claimed.get(0).deliveries());
  }

  @Test
  void anAcknowledgedMessageIsNotRearmed() {
    Group group = group(Mode.EXACTLY_ONCE);
    MessageId id = ids.next();
    store(id, "m");
    Delivery delivered = claim(group).get(0);
    var receipt = delivered.receipt().orElseThrow();
    assertTrue(
        deliveries
            .ackIf(
                io.queuey.groups.entity.DeliveryKey.of(group, ONE, queue.settings().consistency())
                    .of(id, new io.queuey.groups.entity.Buckets(3600)),
                id,
                receipt.lease(),
                Instant.now())
            .toCompletableFuture()
            .join());
    assertFalse(rearm(group, id));
    assertEquals(List.of(), claim(group));
  }
}
