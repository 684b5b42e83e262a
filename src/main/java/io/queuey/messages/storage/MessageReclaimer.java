package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The work over a whole queue: counting its messages, and reclaiming those of a deleted queue. */
final class MessageReclaimer {

  private static final int COUNT_PAGE_SIZE = 5_000;

  /** Counting pages through up to a whole bucket of ids: far longer than a normal request. */
  private static final Duration COUNT_PAGE_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<MessagesDao> dao;
  private final BucketIndex index;

  MessageReclaimer(Supplier<MessagesDao> dao, BucketIndex index) {
    this.dao = dao;
    this.index = index;
  }

  /**
   * Reads the id of every live message: one paged query per used bucket (a page of 5,000 ids costs
   * about as much as reading them), each page with a generous timeout so that a bucket of 100,000
   * messages is counted. Partitions are counted in parallel, buckets one after another.
   */
  CompletionStage<Long> count(Queue queue, ConsistencyLevel level) {
    MessagesDao messages = dao.get();
    List<CompletableFuture<Long>> counts =
        MessageLayout.partitionsOf(queue).stream()
            .map(
                partition ->
                    index
                        .used(queue.id(), partition, level)
                        .thenCompose(
                            buckets ->
                                countBuckets(
                                    messages, queue.id(), partition, buckets.iterator(), level))
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
        .thenApply(done -> counts.stream().mapToLong(CompletableFuture::join).sum());
  }

  private CompletionStage<Long> countBuckets(
      MessagesDao messages,
      UUID queueId,
      Partition partition,
      Iterator<Long> buckets,
      ConsistencyLevel level) {
    if (!buckets.hasNext()) {
      return CompletableFuture.completedFuture(0L);
    }
    long bucket = buckets.next();
    return messages
        .execute(
            MessageLayout.at(messages.ids(queueId, partition, bucket), level)
                .setPageSize(COUNT_PAGE_SIZE)
                .setTimeout(COUNT_PAGE_TIMEOUT))
        .thenCompose(page -> countPages(page, 0))
        .thenCompose(
            inBucket ->
                countBuckets(messages, queueId, partition, buckets, level)
                    .thenApply(inLaterBuckets -> inBucket + inLaterBuckets));
  }

  private static CompletionStage<Long> countPages(AsyncResultSet page, long countedBefore) {
    long counted = countedBefore + page.remaining();
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> countPages(next, counted))
        : CompletableFuture.completedFuture(counted);
  }

  /**
   * Deletes each used bucket with a partition tombstone, then the index; the messages are already
   * unreachable, since the queue's metadata (and so its id) is gone.
   */
  CompletionStage<Void> deleteAll(Queue queue, ConsistencyLevel level) {
    MessagesDao messages = dao.get();
    CompletableFuture<?>[] partitions =
        MessageLayout.partitionsOf(queue).stream()
            .map(
                partition ->
                    index
                        .used(queue.id(), partition, level)
                        .thenCompose(
                            buckets ->
                                CompletableFuture.allOf(
                                    buckets.stream()
                                        .map(
                                            bucket ->
                                                MessageLayout.run(
                                                        messages,
                                                        MessageLayout.at(
                                                            messages.deleteBucket(
                                                                queue.id(), partition, bucket),
                                                            level))
                                                    .toCompletableFuture())
                                        .toArray(CompletableFuture[]::new)))
                        // The index goes last: while it stands, a retry can find the buckets.
                        .thenCompose(
                            bucketsDeleted -> index.deleteAll(queue.id(), partition, level))
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(partitions);
  }
}
