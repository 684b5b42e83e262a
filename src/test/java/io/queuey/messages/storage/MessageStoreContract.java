package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageStore} must do. Stores under test use buckets of {@link
 * #BUCKET_SECONDS}, so that messages a few hundred milliseconds apart fall into different buckets.
 */
abstract class MessageStoreContract {

  static final long BUCKET_SECONDS = 1;

  /** Above the 120 kB of the multi-partition batch below, below the test Cassandra's threshold. */
  static final int BATCH_MAX_BYTES = 1024 * 1024;

  static final Ttl TEN_MINUTES = Ttl.of(600);
  static final String TEXT = "text/plain";

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXPIRY_WAIT = Duration.ofSeconds(10);

  /** The store under test; it may be shared by all tests, which use queues of their own. */
  protected abstract MessageStore store();

  // ---- posting and reading back

  @Test
  void postedMessagesAreReadBackWithBodyContentTypeAndPartition() {
    Queue queue = queue(2);
    MessageId first = idAt(at(100));
    MessageId second = idAt(at(200));
    post(
        queue,
        new NewMessage(first, Partition.of(2), "héllo ✓", "text/plain; charset=utf-8", TEN_MINUTES),
        new NewMessage(second, Partition.of(2), "{}", null, TEN_MINUTES));

    List<Message> read = read(queue, 2, ReadRequest.of(10, Order.ASCENDING));

    assertEquals(
        List.of(
            new Message(first, Partition.of(2), "héllo ✓", "text/plain; charset=utf-8"),
            new Message(second, Partition.of(2), "{}", null)),
        read);
    assertEquals(first.timestamp(), read.get(0).timestamp());
  }

  @Test
  void readOfAPartitionWithoutMessagesReturnsNothing() {
    Queue queue = queue(2);
    post(queue, message(idAt(START), 1));

    assertEquals(List.of(), read(queue, 2, ReadRequest.of(10, Order.ASCENDING)));
    assertEquals(List.of(), read(queue(1), 1, ReadRequest.of(10, Order.DESCENDING)));
  }

  @Test
  void readCrossesBucketBoundariesInAscendingOrder() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(12, 450);
    List<MessageId> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(7));
    post(queue, shuffled.stream().map(id -> message(id, 1)).toArray(NewMessage[]::new));

    assertEquals(ids, idsOf(read(queue, 1, ReadRequest.of(100, Order.ASCENDING))));
  }

  @Test
  void readStopsBeforeTheMessageThatWouldGoOverTheByteBoundButAnswersOne() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(12, 450);
    postAll(queue, 1, ids);
    long bodyBytes = message(ids.get(0), 1).body().length();

    assertEquals(
        ids.subList(0, 5),
        idsOf(read(queue, 1, ReadRequest.of(100, Order.ASCENDING).maxBytes(bodyBytes * 5 + 3))));
    assertEquals(
        reversed(ids).subList(0, 1),
        idsOf(read(queue, 1, ReadRequest.of(100, Order.DESCENDING).maxBytes(1))));
  }

  @Test
  void readCrossesBucketBoundariesInDescendingOrder() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(12, 450);
    postAll(queue, 1, ids);

    assertEquals(reversed(ids), idsOf(read(queue, 1, ReadRequest.of(100, Order.DESCENDING))));
  }

  @Test
  void idsAtTheSameTimeComeBackInTimeuuidOrder() {
    Queue queue = queue(1);
    Timestamp time = at(500);
    // Differ in bytes that Cassandra compares as signed: 0x80 sorts before 0x7f.
    List<MessageId> ids =
        new ArrayList<>(
            List.of(
                MessageId.at(time, 0x807f_0000_0000_0000L),
                MessageId.at(time, 0x8080_0000_0000_0000L),
                MessageId.at(time, 0xbf00_0000_0000_00ffL),
                MessageId.at(time, 0xbf00_0000_0000_0001L),
                MessageId.at(tickAfter(time, 1), 0x8000_0000_0000_0000L)));
    postAll(queue, 1, ids);
    ids.sort(Comparator.naturalOrder());

    assertEquals(ids, idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(reversed(ids), idsOf(read(queue, 1, ReadRequest.of(10, Order.DESCENDING))));
  }

  @Test
  void readSinceATimeInTheMiddleOfABucketStartsAtThatTime() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(7, 200); // 0, 200, ... 1200 ms: two buckets
    postAll(queue, 1, ids);
    Timestamp between = at(500);

    assertEquals(
        ids.subList(3, 7),
        idsOf(
            read(
                queue,
                1,
                ReadRequest.of(10, Order.ASCENDING).since(Order.ASCENDING.sinceBound(between)))));
    assertEquals(
        reversed(ids.subList(0, 3)),
        idsOf(
            read(
                queue,
                1,
                ReadRequest.of(10, Order.DESCENDING).since(Order.DESCENDING.sinceBound(between)))));
  }

  @Test
  void readSinceTheExactTimeOfAMessageIncludesIt() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(5, 300);
    postAll(queue, 1, ids);
    Timestamp third = ids.get(2).timestamp();

    assertEquals(
        ids.subList(2, 5),
        idsOf(
            read(
                queue,
                1,
                ReadRequest.of(10, Order.ASCENDING).since(Order.ASCENDING.sinceBound(third)))));
    assertEquals(
        reversed(ids.subList(0, 3)),
        idsOf(
            read(
                queue,
                1,
                ReadRequest.of(10, Order.DESCENDING).since(Order.DESCENDING.sinceBound(third)))));
  }

  @Test
  void readSinceIdIsInclusive() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(6, 400);
    postAll(queue, 1, ids);

    assertEquals(
        ids.subList(3, 6),
        idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING).since(ids.get(3)))));
  }

  @Test
  void descendingReadSinceIdIsAnInclusiveUpperBound() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(6, 400);
    postAll(queue, 1, ids);

    assertEquals(
        reversed(ids.subList(0, 4)),
        idsOf(read(queue, 1, ReadRequest.of(10, Order.DESCENDING).since(ids.get(3)))));
  }

  @Test
  void readSinceAfterTheLastMessageReturnsNothing() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(3, 400);
    postAll(queue, 1, ids);

    ReadRequest later =
        ReadRequest.of(10, Order.ASCENDING).since(Order.ASCENDING.sinceBound(at(5_000)));
    assertEquals(List.of(), read(queue, 1, later));
  }

  @Test
  void limitAppliesPerPartition() {
    Queue queue = queue(2);
    List<MessageId> first = spreadOverBuckets(6, 450);
    List<MessageId> second = spreadOverBuckets(6, 450);
    postAll(queue, 1, first);
    postAll(queue, 2, second);

    assertEquals(first.subList(0, 4), idsOf(read(queue, 1, ReadRequest.of(4, Order.ASCENDING))));
    assertEquals(
        reversed(first.subList(2, 6)), idsOf(read(queue, 1, ReadRequest.of(4, Order.DESCENDING))));
    assertEquals(second.subList(0, 4), idsOf(read(queue, 2, ReadRequest.of(4, Order.ASCENDING))));
    assertEquals(
        first.subList(2, 3),
        idsOf(read(queue, 1, ReadRequest.of(1, Order.ASCENDING).since(first.get(2)))));
  }

  @Test
  void readLeavesOutMessagesNewerThanNotAfter() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(5, 500);
    postAll(queue, 1, ids);
    Timestamp notAfter = ids.get(2).timestamp();

    assertEquals(
        ids.subList(0, 3),
        idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING).notAfter(notAfter))));
    assertEquals(
        reversed(ids.subList(0, 3)),
        idsOf(read(queue, 1, ReadRequest.of(10, Order.DESCENDING).notAfter(notAfter))));
    assertEquals(
        List.of(),
        read(queue, 1, ReadRequest.of(10, Order.ASCENDING).since(ids.get(3)).notAfter(notAfter)));
  }

  // ---- by id

  @Test
  void fetchReturnsMessagesInTheOrderAskedAndLeavesOutUnknownIds() {
    Queue queue = queue(2);
    List<MessageId> ids = spreadOverBuckets(4, 600);
    postAll(queue, 1, ids.subList(0, 2));
    postAll(queue, 2, ids.subList(2, 4));
    MessageId neverPosted = idAt(at(100));

    List<MessageRef> asked =
        List.of(
            new MessageRef(Partition.of(2), ids.get(3)),
            new MessageRef(Partition.of(1), neverPosted),
            new MessageRef(Partition.of(1), ids.get(0)),
            // Posted, but to partition 1: a message is found only where it is.
            new MessageRef(Partition.of(2), ids.get(1)),
            new MessageRef(Partition.of(2), ids.get(2)));

    List<Message> fetched = await(store().fetch(queue, asked));

    assertEquals(List.of(ids.get(3), ids.get(0), ids.get(2)), idsOf(fetched));
    assertEquals(
        List.of(Partition.of(2), Partition.of(1), Partition.of(2)),
        fetched.stream().map(Message::partition).toList());
    assertEquals("body " + ids.get(3), fetched.get(0).body());
  }

  @Test
  void overwriteKeepsIdAndTimestampAndReplacesBodyAndContentType() {
    Queue queue = queue(1);
    MessageId id = idAt(at(300));
    post(queue, new NewMessage(id, Partition.FIRST, "old", TEXT, TEN_MINUTES));

    await(
        store()
            .overwrite(
                queue,
                List.of(new MessageRef(Partition.FIRST, id)),
                "new",
                "application/json",
                TEN_MINUTES));

    List<Message> read = read(queue, 1, ReadRequest.of(10, Order.ASCENDING));
    assertEquals(List.of(new Message(id, Partition.FIRST, "new", "application/json")), read);
    assertEquals(id.timestamp(), read.get(0).timestamp());
  }

  @Test
  void overwriteWithoutContentTypeClearsTheOldOne() {
    Queue queue = queue(1);
    MessageId id = idAt(at(300));
    post(queue, new NewMessage(id, Partition.FIRST, "old", TEXT, TEN_MINUTES));

    await(
        store()
            .overwrite(
                queue, List.of(new MessageRef(Partition.FIRST, id)), "new", null, TEN_MINUTES));

    assertNull(fetchOne(queue, Partition.FIRST, id).contentType());
  }

  @Test
  void overwriteCreatesMessagesThatDoNotExist() {
    Queue queue = queue(2);
    MessageId existing = idAt(at(100));
    MessageId missing = idAt(at(2_500)); // another bucket, not used before
    post(queue, message(existing, 2));

    await(
        store()
            .overwrite(
                queue,
                List.of(
                    new MessageRef(Partition.of(2), existing),
                    new MessageRef(Partition.of(2), missing)),
                "same for both",
                TEXT,
                TEN_MINUTES));

    List<Message> read = read(queue, 2, ReadRequest.of(10, Order.ASCENDING));
    assertEquals(List.of(existing, missing), idsOf(read));
    assertTrue(read.stream().allMatch(message -> message.body().equals("same for both")));
    assertEquals(missing.timestamp(), read.get(1).timestamp());
  }

  @Test
  void deleteRemovesOnlyTheNamedMessages() {
    Queue queue = queue(2);
    List<MessageId> ids = spreadOverBuckets(6, 400);
    postAll(queue, 1, ids.subList(0, 3));
    postAll(queue, 2, ids.subList(3, 6));

    await(
        store()
            .delete(
                queue,
                List.of(
                    new MessageRef(Partition.of(1), ids.get(1)),
                    new MessageRef(Partition.of(2), ids.get(5)),
                    // Wrong partition: deletes nothing.
                    new MessageRef(Partition.of(1), ids.get(3)),
                    new MessageRef(Partition.of(1), idAt(START)))));

    assertEquals(
        List.of(ids.get(0), ids.get(2)),
        idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(
        List.of(ids.get(3), ids.get(4)),
        idsOf(read(queue, 2, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(4L, await(store().count(queue)));
  }

  // ---- expiry

  @Test
  void messagesExpireAfterTheirTtl() {
    Queue queue = queue(1);
    MessageId shortLived = idAt(at(100));
    MessageId longLived = idAt(at(1_200));
    post(
        queue,
        new NewMessage(shortLived, Partition.FIRST, "brief", TEXT, Ttl.of(1)),
        new NewMessage(longLived, Partition.FIRST, "lasting", TEXT, TEN_MINUTES));

    waitUntil(
        () ->
            idsOf(read(queue, 1, ReadRequest.of(10, Order.ASCENDING))).equals(List.of(longLived)));

    assertEquals(
        List.of(longLived),
        idsOf(
            await(
                store()
                    .fetch(
                        queue,
                        List.of(
                            new MessageRef(Partition.FIRST, shortLived),
                            new MessageRef(Partition.FIRST, longLived))))));
    assertEquals(1L, await(store().count(queue)));
  }

  @Test
  void overwriteWithAShortTtlMakesAMessageExpire() {
    Queue queue = queue(1);
    MessageId id = idAt(at(100));
    post(queue, message(id, 1));

    await(
        store()
            .overwrite(
                queue, List.of(new MessageRef(Partition.FIRST, id)), "brief", TEXT, Ttl.of(1)));

    waitUntil(() -> read(queue, 1, ReadRequest.of(10, Order.ASCENDING)).isEmpty());
    assertEquals(0L, await(store().count(queue)));
  }

  // ---- queues: partitions, counting, deletion, incarnations

  @Test
  void partitionsAddedToAQueueHoldTheirOwnMessages() {
    Queue queue = queue(1);
    List<MessageId> ids = spreadOverBuckets(4, 500);
    postAll(queue, 1, ids.subList(0, 2));
    Queue grown = queue.withSettings(queue.settings().withPartitions(3));
    postAll(grown, 3, ids.subList(2, 4));

    assertEquals(ids.subList(0, 2), idsOf(read(grown, 1, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(List.of(), read(grown, 2, ReadRequest.of(10, Order.ASCENDING)));
    assertEquals(ids.subList(2, 4), idsOf(read(grown, 3, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(4L, await(store().count(grown)));
    assertEquals(2L, await(store().count(queue)));
  }

  @Test
  void countCoversEveryPartitionAndBucket() {
    Queue queue = queue(3);
    postAll(queue, 1, spreadOverBuckets(5, 450));
    postAll(queue, 3, spreadOverBuckets(2, 1_100));

    assertEquals(7L, await(store().count(queue)));
    assertEquals(0L, await(store().count(queue(3))));
  }

  @Test
  void messagesBelongToTheQueueIncarnationNotToItsName() {
    Queue queue = queue(1);
    postAll(queue, 1, spreadOverBuckets(3, 500));
    Queue sameNameNewIncarnation = incarnationOf(queue, UUID.randomUUID());

    assertEquals(List.of(), read(sameNameNewIncarnation, 1, ReadRequest.of(10, Order.ASCENDING)));
    assertEquals(0L, await(store().count(sameNameNewIncarnation)));
    assertEquals(3L, await(store().count(queue)));
  }

  @Test
  void deleteAllRemovesMessagesOfEveryPartitionAndBucket() {
    Queue queue = queue(2);
    List<MessageId> first = spreadOverBuckets(5, 450);
    List<MessageId> second = spreadOverBuckets(4, 700);
    postAll(queue, 1, first);
    postAll(queue, 2, second);
    Queue other = queue(1);
    postAll(other, 1, first);

    await(store().deleteAll(queue));

    Queue sameIdAgain = incarnationOf(queue, queue.id());
    assertEquals(List.of(), read(sameIdAgain, 1, ReadRequest.of(10, Order.ASCENDING)));
    assertEquals(List.of(), read(sameIdAgain, 2, ReadRequest.of(10, Order.DESCENDING)));
    assertEquals(
        List.of(),
        await(
            store()
                .fetch(
                    sameIdAgain,
                    List.of(
                        new MessageRef(Partition.of(1), first.get(0)),
                        new MessageRef(Partition.of(2), second.get(3))))));
    assertEquals(0L, await(store().count(sameIdAgain)));
    assertEquals(
        List.of(),
        read(incarnationOf(queue, UUID.randomUUID()), 1, ReadRequest.of(10, Order.ASCENDING)));
    // Another queue keeps its messages, even with the very same ids.
    assertEquals(first, idsOf(read(other, 1, ReadRequest.of(10, Order.ASCENDING))));
  }

  // ---- batches

  @Test
  void batchSpanningPartitionsAndBucketsIsStoredWhole() {
    Queue queue = queue(2);
    List<MessageId> ids = spreadOverBuckets(10, 350);
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      batch.add(message(ids.get(i), i % 2 + 1));
    }
    post(queue, batch.toArray(NewMessage[]::new));

    assertEquals(5, read(queue, 1, ReadRequest.of(100, Order.ASCENDING)).size());
    assertEquals(5, read(queue, 2, ReadRequest.of(100, Order.ASCENDING)).size());
    assertEquals(10L, await(store().count(queue)));
  }

  @Test
  void batchOverSeveralPartitionsAboveCassandrasDefaultLimitIsStoredWhole() {
    Queue queue = queue(2);
    String body = "x".repeat(3_000);
    List<MessageId> ids = spreadOverBuckets(40, 60); // 40 x 3 kB over 3 buckets: ~120 kB
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      batch.add(new NewMessage(ids.get(i), Partition.of(i % 2 + 1), body + i, TEXT, TEN_MINUTES));
    }
    post(queue, batch.toArray(NewMessage[]::new));

    List<Message> read = new ArrayList<>(read(queue, 1, ReadRequest.of(100, Order.ASCENDING)));
    read.addAll(read(queue, 2, ReadRequest.of(100, Order.ASCENDING)));
    assertEquals(40, read.size());
    assertTrue(read.stream().allMatch(message -> message.body().startsWith(body)));
  }

  @Test
  void largeBatchIntoOneBucketIsStoredWhole() {
    Queue queue = queue(1);
    String body = "y".repeat(3_000);
    Timestamp time = at(100);
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(new NewMessage(idAt(tickAfter(time, i)), Partition.FIRST, body, TEXT, TEN_MINUTES));
    }
    post(queue, batch.toArray(NewMessage[]::new));

    assertEquals(40, read(queue, 1, ReadRequest.of(100, Order.ASCENDING)).size());
  }

  // ---- helpers

  /** A whole second some minutes ago: the first bucket of the tests' messages starts there. */
  static final Timestamp START =
      Timestamp.ofInstant(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300));

  /** The time {@code millis} after {@link #START}. */
  static Timestamp at(long millis) {
    return Timestamp.ofInstant(START.toInstant().plusMillis(millis));
  }

  static Timestamp tickAfter(Timestamp time, long ticks) {
    return Timestamp.ofTicks(time.ticks() + ticks);
  }

  static Queue queue(int partitions) {
    return new Queue(
        "contract",
        QueueName.random(),
        QueueSettings.DEFAULTS.withPartitions(partitions),
        Instant.now(),
        UUID.randomUUID());
  }

  static Queue incarnationOf(Queue queue, UUID id) {
    return new Queue(queue.application(), queue.name(), queue.settings(), queue.created(), id);
  }

  /** An id at that time with random clock sequence and node, as another server would make. */
  static MessageId idAt(Timestamp time) {
    long ietfVariant = 0x8000_0000_0000_0000L;
    return MessageId.at(
        time, ietfVariant | (ThreadLocalRandom.current().nextLong() & 0x3fff_ffff_ffff_ffffL));
  }

  /** {@code count} ids {@code stepMillis} apart from {@link #START}, in id order. */
  static List<MessageId> spreadOverBuckets(int count, long stepMillis) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(idAt(at(i * stepMillis)));
    }
    return ids;
  }

  static NewMessage message(MessageId id, int partition) {
    return new NewMessage(id, Partition.of(partition), "body " + id, TEXT, TEN_MINUTES);
  }

  void post(Queue queue, NewMessage... messages) {
    await(store().post(queue, List.of(messages)));
  }

  void postAll(Queue queue, int partition, List<MessageId> ids) {
    post(queue, ids.stream().map(id -> message(id, partition)).toArray(NewMessage[]::new));
  }

  List<Message> read(Queue queue, int partition, ReadRequest request) {
    return await(store().read(queue, Partition.of(partition), request));
  }

  Message fetchOne(Queue queue, Partition partition, MessageId id) {
    List<Message> found = await(store().fetch(queue, List.of(new MessageRef(partition, id))));
    assertEquals(1, found.size(), "found " + found);
    return found.get(0);
  }

  static List<MessageId> idsOf(List<Message> messages) {
    return messages.stream().map(Message::id).toList();
  }

  static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(failed.getCause());
    } catch (TimeoutException | InterruptedException notDone) {
      throw new IllegalStateException("the store did not answer", notDone);
    }
  }

  /** Polls until the condition holds; fails after {@link #EXPIRY_WAIT}. */
  static void waitUntil(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(EXPIRY_WAIT);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), "not within " + EXPIRY_WAIT);
      try {
        Thread.sleep(100);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
    }
  }
}
