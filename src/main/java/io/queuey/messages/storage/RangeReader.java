package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.queuey.errors.StorageUnavailable;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.queues.entity.Queue;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Range reads: the used buckets from the index, then those buckets in order, until the limit. A
 * read whose {@code since} points into a bucket this instance wrote to reads that bucket first and
 * the index only if the page is not full yet (see {@link #read}).
 */
final class RangeReader {

  private final Supplier<MessagesDao> dao;
  private final BucketIndex index;
  private final LongAdder bucketReads = new LongAdder();

  private final Duration deadline;
  private final Clock clock;

  RangeReader(Supplier<MessagesDao> dao, BucketIndex index, Duration deadline, Clock clock) {
    this.dao = dao;
    this.index = index;
    this.deadline = deadline;
    this.clock = clock;
  }

  /** How many message buckets range reads have queried: makes the bucket walk observable. */
  long bucketReads() {
    return bucketReads.sum();
  }

  CompletionStage<List<Message>> read(
      Queue queue, Partition partition, ReadRequest request, ConsistencyLevel level) {
    MessageId lowest = request.lowestId();
    MessageId highest = request.highestId();
    if (lowest.compareTo(highest) > 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    var walk =
        new RangeWalk(
            dao.get(),
            queue.id(),
            partition,
            lowest,
            highest,
            request.limit(),
            request.order(),
            level,
            clock.instant().plus(deadline),
            request.maxBytes());
    if (request.since().isPresent()) {
      boolean ascending = request.order() == Order.ASCENDING;
      long first = index.bucketOf(ascending ? lowest : highest);
      if (index.wroteTo(queue.id(), partition, first)) {
        // The bucket a paging client's since points into, which this instance wrote to, most
        // likely holds the whole page: read it first, and ask the index only for the buckets
        // after it if it does not. The index is still asked whenever the page is not full, so
        // nothing another instance wrote is missed; the hint only saves a round trip.
        long lastBucket = index.bucketOf(ascending ? highest : lowest);
        return walk.readFirst(first)
            .thenCompose(
                full -> {
                  if (full || first == lastBucket) {
                    return CompletableFuture.completedFuture(walk.found);
                  }
                  return (ascending
                          ? index.betweenBuckets(
                              queue.id(), partition, first + 1, lastBucket, request.order(), level)
                          : index.betweenBuckets(
                              queue.id(), partition, lastBucket, first - 1, request.order(), level))
                      .thenCompose(walk::follow);
                });
      }
    }
    return index
        .between(queue.id(), partition, lowest, highest, request.order(), level)
        .thenCompose(walk::follow);
  }

  /**
   * One range read: follows the used buckets in order, one query per bucket, until the limit is
   * reached. Its steps run one after another, each after the previous one completed.
   */
  private final class RangeWalk {

    private final MessagesDao messages;
    private final UUID queueId;
    private final Partition partition;
    private final MessageId lowest;
    private final MessageId highest;
    private final int limit;
    private final Order order;
    private final ConsistencyLevel level;
    private final Instant deadline;
    final List<Message> found = new ArrayList<>();
    private final BytePages pages;
    private Long previousBucket;

    RangeWalk(
        MessagesDao messages,
        UUID queueId,
        Partition partition,
        MessageId lowest,
        MessageId highest,
        int limit,
        Order order,
        ConsistencyLevel level,
        Instant deadline,
        long maxBytes) {
      this.pages = new BytePages(maxBytes);
      this.deadline = deadline;
      this.messages = messages;
      this.queueId = queueId;
      this.partition = partition;
      this.lowest = lowest;
      this.highest = highest;
      this.limit = limit;
      this.order = order;
      this.level = level;
    }

    /** Reads one bucket before the index is asked; completes with true if that filled the read. */
    CompletionStage<Boolean> readFirst(long bucket) {
      previousBucket = bucket;
      return readBuckets(List.of(bucket).iterator());
    }

    CompletionStage<List<Message>> follow(AsyncResultSet indexPage) {
      List<Long> buckets = new ArrayList<>();
      for (Row row : indexPage.currentPage()) {
        long bucket = MessageBucketsDao.bucketOf(row);
        // A bucket has a row per expiry; they come together, as rows are sorted by bucket.
        if (previousBucket == null || previousBucket != bucket) {
          buckets.add(bucket);
          previousBucket = bucket;
        }
      }
      return readBuckets(buckets.iterator())
          .thenCompose(
              full ->
                  full || !indexPage.hasMorePages()
                      ? CompletableFuture.completedFuture(found)
                      : indexPage.fetchNextPage().thenCompose(this::follow));
    }

    /** Completes with true once the limit or the byte bound is reached. */
    private CompletionStage<Boolean> readBuckets(Iterator<Long> buckets) {
      if (!buckets.hasNext()) {
        return CompletableFuture.completedFuture(false);
      }
      if (clock.instant().isAfter(deadline)) {
        // A walk over many buckets must not outlive what its client waits for.
        return CompletableFuture.failedFuture(
            new StorageUnavailable(
                StorageUnavailable.Kind.TIMEOUT, AsyncLimiter.DEADLINE_PASSED, null));
      }
      long bucket = buckets.next();
      bucketReads.increment();
      return readPages(bucket, limit - found.size(), null)
          .thenCompose(
              done -> done ? CompletableFuture.completedFuture(true) : readBuckets(buckets));
    }

    /**
     * One bucket, in pages bounded by bytes as well as rows: Cassandra builds each page in memory,
     * and a page of a hundred 1-MiB messages made a node run out of heap.
     */
    private CompletionStage<Boolean> readPages(
        long bucket, int bucketLimit, ByteBuffer pagingState) {
      return messages
          .execute(
              MessageLayout.at(
                  messages
                      .range(queueId, partition, bucket, lowest, highest, bucketLimit, order)
                      .setPageSize(pages.nextPageRows(limit - found.size()))
                      .setPagingState(pagingState),
                  level))
          .thenCompose(
              page -> {
                for (Row row : page.currentPage()) {
                  var message = MessagesDao.toMessage(row, partition);
                  if (message.isPresent() && !pages.take(message.get())) {
                    return CompletableFuture.completedFuture(true);
                  }
                  message.ifPresent(found::add);
                }
                if (found.size() >= limit) {
                  return CompletableFuture.completedFuture(true);
                }
                ByteBuffer next = page.getExecutionInfo().getPagingState();
                return page.hasMorePages() && next != null
                    ? readPages(bucket, bucketLimit, next)
                    : CompletableFuture.completedFuture(false);
              });
    }
  }
}
