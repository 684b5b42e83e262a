package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bucket index ({@code message_buckets}): which time buckets of a queue partition hold
 * messages, written before the messages it makes reachable, and read by range reads, counts and
 * reclamation.
 */
final class BucketIndex {

  /**
   * Index rows carry their messages' expiry rounded up to this, so that a busy bucket needs one
   * index row per hour of expiries rather than one per message.
   */
  static final long EXPIRY_GRANULARITY_SECONDS = 3600;

  /** Index rows this instance remembers having written: some 15 MB of heap at most. */
  static final int INDEX_CACHE_CAPACITY = 100_000;

  static final int INDEX_PAGE_SIZE = 500;

  private record IndexRow(UUID queueId, Partition partition, long bucket, long expires) {}

  private record BucketRef(UUID queueId, Partition partition, long bucket) {}

  private final Supplier<MessageBucketsDao> dao;
  private final MessageLayout layout;

  /** Which (queue, partition, bucket, expiry) index rows this instance wrote: see write. */
  private final Set<IndexRow> writtenIndexRows = ConcurrentHashMap.newKeySet();

  /** The buckets of those rows, whatever their expiry: see {@link #wroteTo}. */
  private final Set<BucketRef> writtenBuckets = ConcurrentHashMap.newKeySet();

  BucketIndex(Supplier<MessageBucketsDao> dao, MessageLayout layout) {
    this.dao = dao;
    this.layout = layout;
  }

  /**
   * Writes the index rows the messages need, except those this instance wrote before. An index row
   * lives until the rounded-up expiry of its messages plus a margin, because a message's TTL runs
   * from when a replica applies it, which may be a little later than {@code now} here or by a clock
   * a little ahead. A cached row therefore outlives every message it can stand for, and forgetting
   * the cache when full only costs a rewrite.
   */
  CompletionStage<Void> write(Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    long now = Instant.now().getEpochSecond();
    Set<IndexRow> missing = new LinkedHashSet<>();
    for (NewMessage message : messages) {
      long expires = TimeBuckets.roundUp(now + message.ttl().seconds(), EXPIRY_GRANULARITY_SECONDS);
      var row =
          new IndexRow(queue.id(), message.partition(), layout.bucketOf(message.id()), expires);
      if (!writtenIndexRows.contains(row)) {
        missing.add(row);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    MessageBucketsDao index = dao.get();
    long margin = Math.max(layout.bucketSeconds(), EXPIRY_GRANULARITY_SECONDS);
    CompletableFuture<?>[] writes =
        missing.stream()
            .map(
                row ->
                    index
                        .execute(
                            MessageLayout.at(
                                index.insert(
                                    row.queueId(),
                                    row.partition(),
                                    row.bucket(),
                                    row.expires(),
                                    Math.toIntExact(row.expires() - now + margin)),
                                level))
                        .thenRun(() -> remember(row))
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes);
  }

  private void remember(IndexRow row) {
    if (writtenIndexRows.size() >= INDEX_CACHE_CAPACITY) {
      writtenIndexRows.clear();
      writtenBuckets.clear();
    }
    writtenIndexRows.add(row);
    writtenBuckets.add(new BucketRef(row.queueId(), row.partition(), row.bucket()));
  }

  /**
   * Whether this instance wrote an index row for the bucket (for any expiry) and still remembers
   * it. Only a hint of where messages are likely to be: a range read uses it to read such a bucket
   * before asking the index, never to leave a bucket out.
   */
  boolean wroteTo(UUID queueId, Partition partition, long bucket) {
    return writtenBuckets.contains(new BucketRef(queueId, partition, bucket));
  }

  long bucketOf(MessageId id) {
    return layout.bucketOf(id);
  }

  /** Forgets what this instance wrote for a queue that is being deleted. */
  void forget(UUID queueId) {
    writtenIndexRows.removeIf(row -> row.queueId().equals(queueId));
    writtenBuckets.removeIf(bucket -> bucket.queueId().equals(queueId));
  }

  /**
   * The first page of index rows between the buckets of two ids, in {@code order}; a bucket appears
   * once per expiry it holds, next to itself.
   */
  CompletionStage<AsyncResultSet> between(
      UUID queueId,
      Partition partition,
      MessageId lowest,
      MessageId highest,
      Order order,
      ConsistencyLevel level) {
    return betweenBuckets(
        queueId, partition, layout.bucketOf(lowest), layout.bucketOf(highest), order, level);
  }

  /** The same between two buckets, both inclusive. */
  CompletionStage<AsyncResultSet> betweenBuckets(
      UUID queueId,
      Partition partition,
      long lowestBucket,
      long highestBucket,
      Order order,
      ConsistencyLevel level) {
    MessageBucketsDao index = dao.get();
    return index.execute(
        MessageLayout.at(
            index.buckets(queueId, partition, lowestBucket, highestBucket, order, INDEX_PAGE_SIZE),
            level));
  }

  /** Every bucket of a queue partition in the index, once each, in ascending order. */
  CompletionStage<List<Long>> used(UUID queueId, Partition partition, ConsistencyLevel level) {
    MessageBucketsDao index = dao.get();
    return index
        .execute(
            MessageLayout.at(
                index.buckets(
                    queueId,
                    partition,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    Order.ASCENDING,
                    INDEX_PAGE_SIZE),
                level))
        .thenCompose(page -> collect(page, new ArrayList<>()));
  }

  private static CompletionStage<List<Long>> collect(AsyncResultSet page, List<Long> buckets) {
    for (Row row : page.currentPage()) {
      long bucket = MessageBucketsDao.bucketOf(row);
      if (buckets.isEmpty() || buckets.get(buckets.size() - 1) != bucket) {
        buckets.add(bucket);
      }
    }
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> collect(next, buckets))
        : CompletableFuture.completedFuture(buckets);
  }

  /** Deletes a queue partition's whole index. */
  CompletionStage<Void> deleteAll(UUID queueId, Partition partition, ConsistencyLevel level) {
    MessageBucketsDao index = dao.get();
    return index
        .execute(MessageLayout.at(index.deleteAll(queueId, partition), level))
        .thenApply(done -> null);
  }
}
