package io.queuey.groups.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.groups.entity.BucketMarks;
import io.queuey.groups.entity.Buckets;
import io.queuey.groups.entity.Delivery;
import io.queuey.groups.entity.DeliveryKey;
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
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.entity.Ttl;
import io.queuey.messages.storage.InMemoryMessageStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The delivery state kept per time bucket: a claim walks the buckets from the marker, hands out
 * every message once, passes over buckets whose leases are in flight (except in ordered groups),
 * comes back for expired leases of older buckets, and moves the marker past settled buckets.
 */
class BucketedClaimsTest {

  private static final Partition ONE = Partition.of(1);
  private static final Buckets HOURS = new Buckets(3600);

  private final InMemoryMessageStore messages = new InMemoryMessageStore();
  private final java.util.concurrent.atomic.AtomicInteger markReads =
      new java.util.concurrent.atomic.AtomicInteger();
  private final InMemoryDeliveryStore deliveries =
      new InMemoryDeliveryStore() {
        @Override
        public java.util.concurrent.CompletionStage<BucketMarks> marks(DeliveryKey key) {
          markReads.incrementAndGet();
          return super.marks(key);
        }
      };
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
          HOURS);
  private final Instant now = Instant.now();

  private Group group(Mode mode, boolean ordered) {
    return new Group(
        queue.id(),
        GroupName.parse("g"),
        UUID.randomUUID(),
        mode,
        30,
        0,
        Optional.empty(),
        ordered,
        Instant.now(),
        0,
        Position.earliest());
  }

  /** A message stored {@code ago} before now (ids of distinct times are distinct). */
  private MessageId store(Duration ago) {
    MessageId id = MessageId.lowestAt(Timestamp.ofInstant(now.minus(ago)));
    messages
        .post(queue, List.of(new NewMessage(id, ONE, "m", "text/plain", Ttl.DEFAULT)))
        .toCompletableFuture()
        .join();
    return id;
  }

  private List<Delivery> claim(Group group, int max, int visibility) {
    return claims
        .claim(queue, group, ONE, max, visibility, dead -> null)
        .toCompletableFuture()
        .join()
        .delivered();
  }

  private static List<MessageId> ids(List<Delivery> delivered) {
    return delivered.stream().map(d -> d.message().id()).toList();
  }

  private void ack(Group group, List<Delivery> delivered) {
    for (Delivery delivery : delivered) {
      MessageId id = delivery.message().id();
      deliveries
          .ack(key(group).of(id, HOURS), List.of(id), Instant.now())
          .toCompletableFuture()
          .join();
    }
  }

  private DeliveryKey key(Group group) {
    return DeliveryKey.of(group, ONE, queue.settings().consistency());
  }

  private BucketMarks marks(Group group) {
    return deliveries.marks(key(group)).toCompletableFuture().join();
  }

  @Test
  void aGroupFromEarliestClaimsEveryMessageOnceAcrossBucketsAndMovesItsMarker() {
    Group group = group(Mode.AT_LEAST_ONCE, false);
    List<MessageId> stored =
        List.of(
            store(Duration.ofHours(30)),
            store(Duration.ofHours(5)),
            store(Duration.ofHours(5).minusSeconds(1)),
            store(Duration.ofHours(3)),
            store(Duration.ofHours(2)),
            store(Duration.ofSeconds(10)));
    var claimed = new ArrayList<MessageId>();
    for (int round = 0; round < 20; round++) {
      List<Delivery> delivered = claim(group, 10, 30);
      claimed.addAll(ids(delivered));
      ack(group, delivered);
    }
    assertEquals(stored, claimed, "each once, oldest first, bucket after bucket");
    claim(group, 10, 30);
    long marker = marks(group).settledTo().orElseThrow();
    assertTrue(
        marker > HOURS.of(stored.get(4)),
        "settled buckets are behind the marker: " + marker + " vs " + HOURS.of(stored.get(4)));
  }

  @Test
  void aLeaseInFlightInAnOlderBucketHoldsUpNothingAndIsRedeliveredOnceExpired()
      throws InterruptedException {
    Group group = group(Mode.EXACTLY_ONCE, false);
    MessageId older = store(Duration.ofHours(3));
    MessageId later = store(Duration.ofHours(1));
    assertEquals(List.of(older), ids(claim(group, 1, 1)));
    assertEquals(List.of(later), ids(claim(group, 1, 30)), "the next bucket goes on");
    assertEquals(List.of(), ids(claim(group, 1, 30)), "the older lease holds");
    Thread.sleep(1_100);
    List<Delivery> again = claim(group, 1, 30);
    assertEquals(List.of(older), ids(again), "expired in the older bucket: handed out again");
    assertEquals(2, again.get(0).deliveries());
    assertTrue(marks(group).settledTo().orElseThrow() <= HOURS.of(older), "not settled yet");
  }

  @Test
  void anOrderedGroupKeepsItsOrderAcrossBuckets() {
    Group group = group(Mode.AT_LEAST_ONCE, true);
    MessageId first = store(Duration.ofHours(3));
    MessageId second = store(Duration.ofHours(1));
    List<Delivery> one = claim(group, 10, 30);
    assertEquals(List.of(first), ids(one), "a claim stays in its bucket");
    assertEquals(List.of(), ids(claim(group, 10, 30)), "the older lease holds the group up");
    ack(group, one);
    assertEquals(List.of(second), ids(claim(group, 10, 30)));
  }

  @Test
  void statsCountInFlightAndLagOverBuckets() {
    Group group = group(Mode.AT_LEAST_ONCE, false);
    MessageId a = store(Duration.ofHours(5));
    MessageId b = store(Duration.ofHours(3));
    MessageId c = store(Duration.ofHours(1));
    assertEquals(List.of(a), ids(claim(group, 1, 30)));
    assertEquals(List.of(b), ids(claim(group, 1, 30)));
    Claims.Tally tally =
        claims.stats(queue, group, ONE, Instant.now()).toCompletableFuture().join();
    assertEquals(2, tally.inFlight());
    assertEquals(Optional.of(a), tally.oldestUnsettled());
    assertEquals(Optional.of(c), tally.next());
  }

  @Test
  void aLateMessageInABucketBehindTheMarkerIsHandedOutAfterItsRearm() {
    Group group = group(Mode.AT_LEAST_ONCE, false);
    store(Duration.ofHours(5));
    store(Duration.ofHours(2));
    for (int round = 0; round < 4; round++) {
      ack(group, claim(group, 10, 30));
    }
    MessageId late = store(Duration.ofHours(5).minusSeconds(1));
    assertTrue(marks(group).settledTo().orElseThrow() > HOURS.of(late), "its bucket was passed");
    claims.rearm(queue, group, ONE, List.of(late)).toCompletableFuture().join();
    assertEquals(List.of(late), ids(claim(group, 10, 30)));
    assertEquals(List.of(), ids(claim(group, 10, 30)));
  }

  @Test
  void aLateMessageInABucketTheWalkSkippedAsEmptyIsHandedOutAfterItsRearm() {
    Group group = group(Mode.AT_LEAST_ONCE, false);
    store(Duration.ofHours(6));
    store(Duration.ofHours(1));
    for (int round = 0; round < 4; round++) {
      ack(group, claim(group, 10, 30));
    }
    MessageId late = store(Duration.ofHours(3));
    claims.rearm(queue, group, ONE, List.of(late)).toCompletableFuture().join();
    assertTrue(marks(group).reopened().containsKey(HOURS.of(late)), "reopened");
    List<Delivery> delivered = claim(group, 10, 30);
    assertEquals(List.of(late), ids(delivered));
    assertTrue(marks(group).reopened().containsKey(HOURS.of(late)), "unsettled: still open");
    ack(group, delivered);
    assertEquals(List.of(), ids(claim(group, 10, 30)));
    assertEquals(Map.of(), marks(group).reopened(), "settled again: closed");
  }

  @Test
  void claimsReuseTheMarksTheyReadForASecondButNotAfterARearm() throws InterruptedException {
    Group group = group(Mode.AT_LEAST_ONCE, false);
    store(Duration.ofHours(2));
    claim(group, 10, 30);
    claim(group, 10, 30);
    assertEquals(1, markReads.get(), "the second claim used the hint");
    claims
        .rearm(queue, group, ONE, List.of(store(Duration.ofHours(3))))
        .toCompletableFuture()
        .join();
    claim(group, 10, 30);
    assertEquals(2, markReads.get(), "a rearm drops the hint");
    Thread.sleep(1_100);
    claim(group, 10, 30);
    assertEquals(3, markReads.get(), "an old hint is read again");
  }
}
