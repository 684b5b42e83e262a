package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.cassandra.ExecutionProfiles;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Where a message lives in the tables (the time bucket of its id), and the small statement helpers
 * the parts of the Cassandra message store share.
 */
final class MessageLayout {

  record BucketKey(Partition partition, long bucket) {}

  private final long bucketSeconds;

  MessageLayout(long bucketSeconds) {
    this.bucketSeconds = bucketSeconds;
  }

  long bucketSeconds() {
    return bucketSeconds;
  }

  long bucketOf(MessageId id) {
    return TimeBuckets.bucketOf(id.timestamp(), bucketSeconds);
  }

  <T> Map<BucketKey, List<T>> byBucket(List<T> items, Function<T, MessageRef> refOf) {
    Map<BucketKey, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      MessageRef ref = refOf.apply(item);
      groups
          .computeIfAbsent(
              new BucketKey(ref.partition(), bucketOf(ref.id())), key -> new ArrayList<>())
          .add(item);
    }
    return groups;
  }

  static List<Partition> partitionsOf(Queue queue) {
    return IntStream.rangeClosed(1, queue.settings().partitions()).mapToObj(Partition::of).toList();
  }

  static <T> List<List<T>> partitionList(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int start = 0; start < items.size(); start += size) {
      chunks.add(items.subList(start, Math.min(items.size(), start + size)));
    }
    return chunks;
  }

  /** A single statement is sent as it is: a batch of one would only add overhead. */
  static Statement<?> batch(
      BatchType type, List<BatchableStatement<?>> statements, ConsistencyLevel level) {
    if (statements.size() == 1) {
      return at(statements.get(0), level);
    }
    return BatchStatement.newInstance(type, statements)
        .setIdempotent(true)
        .setExecutionProfileName(ExecutionProfiles.of(level));
  }

  /** {@code statement} on the execution profile of {@code level}. */
  static Statement<?> at(Statement<?> statement, ConsistencyLevel level) {
    return statement.setExecutionProfileName(ExecutionProfiles.of(level));
  }

  static CompletionStage<Void> run(MessagesDao dao, Statement<?> statement) {
    return dao.execute(statement).thenApply(result -> null);
  }
}
