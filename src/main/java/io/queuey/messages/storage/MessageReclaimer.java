package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The work over a whole queue: counting its messages, and reclaiming those of a deleted queue.
 * Every request of it goes through one {@link AsyncLimiter} per instance, so that however many
 * partitions and buckets a queue has, at most {@code concurrency} of these requests are in flight
 * at once, on the background execution profile (its own, longer timeout); each operation has an
 * overall deadline.
 */
final class MessageReclaimer {

  private static final int COUNT_PAGE_SIZE = 5_000;

  private final Supplier<MessagesDao> dao;
  private final BucketIndex index;
  private final AsyncLimiter limiter;
  private final Clock clock;
  private final Duration countDeadline;
  private final Duration reclaimDeadline;

  MessageReclaimer(
      Supplier<MessagesDao> dao,
      BucketIndex index,
      int concurrency,
      Duration countDeadline,
      Duration reclaimDeadline,
      Clock clock) {
    this.dao = dao;
    this.index = index;
    this.limiter = new AsyncLimiter(concurrency, clock);
    this.clock = clock;
    this.countDeadline = countDeadline;
    this.reclaimDeadline = reclaimDeadline;
  }

  /**
   * Reads the id of every live message: one paged query per used bucket (a page of 5,000 ids costs
   * about as much as reading them), on the background profile so that a bucket of 100,000 messages
   * is counted. Fails with a timeout once past the count deadline.
   */
  CompletionStage<Long> count(Queue queue, ConsistencyLevel level) {
    MessagesDao messages = dao.get();
    Instant deadline = clock.instant().plus(countDeadline);
    List<CompletableFuture<Long>> counts =
        MessageLayout.partitionsOf(queue).stream()
            .map(
                partition ->
                    limiter
                        .submit(deadline, () -> index.used(queue.id(), partition, level))
                        .thenCompose(
                            buckets ->
                                sum(
                                    buckets.stream()
                                        .map(
                                            bucket ->
                                                limiter
                                                    .submit(
                                                        deadline,
                                                        () ->
                                                            countBucket(
                                                                messages,
                                                                queue.id(),
                                                                partition,
                                                                bucket,
                                                                level,
                                                                deadline))
                                                    .toCompletableFuture())
                                        .toList()))
                        .toCompletableFuture())
            .toList();
    return sum(counts);
  }

  private static CompletableFuture<Long> sum(List<CompletableFuture<Long>> counts) {
    return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
        .thenApply(done -> counts.stream().mapToLong(CompletableFuture::join).sum());
  }

  private CompletionStage<Long> countBucket(
      MessagesDao messages,
      UUID queueId,
      Partition partition,
      long bucket,
      ConsistencyLevel level,
      Instant deadline) {
    return messages
        .execute(
            messages
                .ids(queueId, partition, bucket)
                .setExecutionProfileName(ExecutionProfiles.background(level))
                .setPageSize(COUNT_PAGE_SIZE))
        .thenCompose(page -> countPages(page, 0, deadline));
  }

  private CompletionStage<Long> countPages(
      AsyncResultSet page, long countedBefore, Instant deadline) {
    long counted = countedBefore + page.remaining();
    if (!page.hasMorePages()) {
      return CompletableFuture.completedFuture(counted);
    }
    if (clock.instant().isAfter(deadline)) {
      return CompletableFuture.failedFuture(
          new io.queuey.errors.StorageUnavailable(
              io.queuey.errors.StorageUnavailable.Kind.TIMEOUT,
              AsyncLimiter.DEADLINE_PASSED,
              null));
    }
    return page.fetchNextPage().thenCompose(next -> countPages(next, counted, deadline));
  }

  /**
   * Deletes each used bucket with a partition tombstone, then the partition's index; the messages
   * are already unreachable, since the queue's metadata (and so its id) is gone. What is not done
   * by the reclaim deadline is left to expire with its TTL.
   */
  CompletionStage<Void> deleteAll(
      Queue queue, ConsistencyLevel level, ConsistencyLevel indexLevel) {
    MessagesDao messages = dao.get();
    Instant deadline = clock.instant().plus(reclaimDeadline);
    CompletableFuture<?>[] partitions =
        MessageLayout.partitionsOf(queue).stream()
            .map(
                partition ->
                    limiter
                        .submit(deadline, () -> index.used(queue.id(), partition, indexLevel))
                        .thenCompose(
                            buckets ->
                                CompletableFuture.allOf(
                                    buckets.stream()
                                        .map(
                                            bucket ->
                                                limiter
                                                    .submit(
                                                        deadline,
                                                        () ->
                                                            MessageLayout.run(
                                                                messages,
                                                                messages
                                                                    .deleteBucket(
                                                                        queue.id(),
                                                                        partition,
                                                                        bucket)
                                                                    .setExecutionProfileName(
                                                                        ExecutionProfiles
                                                                            .background(level))))
                                                    .toCompletableFuture())
                                        .toArray(CompletableFuture[]::new)))
                        // The index goes last: while it stands, a retry can find the buckets.
                        .thenCompose(
                            bucketsDeleted ->
                                limiter.submit(
                                    deadline,
                                    () -> index.deleteAll(queue.id(), partition, indexLevel)))
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(partitions);
  }

  /** Requests waiting for a slot of background work: for tests. */
  int waiting() {
    return limiter.waiting();
  }
}
