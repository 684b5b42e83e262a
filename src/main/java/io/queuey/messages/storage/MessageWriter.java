package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Posts and overwrites: the index first, then the messages, in one atomic batch. Nothing is ever
 * undone: a write that failed or timed out may still land (a timed-out write is applied later by
 * the replicas that got it, a logged batch by the batch log), so undoing it would let readers see
 * messages that then vanish; a producer retries with an idempotency key instead (API.md).
 */
final class MessageWriter {

  /** The native protocol counts a batch's statements in an unsigned short. */
  static final int MAX_STATEMENTS_PER_BATCH = 65_535;

  /** Keys, id, TTL and cell timestamps of one message, on top of its body and content type. */
  private static final int ESTIMATED_BYTES_PER_MESSAGE = 64;

  /** How Cassandra words its refusal of a multi-partition batch over its fail threshold. */
  private static final String BATCH_TOO_LARGE = "Batch too large";

  private final Supplier<MessagesDao> dao;
  private final BucketIndex index;
  private final MessageLayout layout;
  private final LongSupplier loggedBatchMaxBytes;

  /** One Cassandra partition of the messages table, at one consistency level. */
  record PartitionKey(UUID queueId, Partition partition, long bucket, ConsistencyLevel level) {}

  /** A message's insert and its estimated size. */
  record Insert(BatchableStatement<?> statement, long bytes) {}

  /** Single-partition writes, gathered per partition while one to it is in flight. */
  private final WriteCoalescer<PartitionKey, Insert> coalescer;

  MessageWriter(
      Supplier<MessagesDao> dao,
      BucketIndex index,
      MessageLayout layout,
      LongSupplier loggedBatchMaxBytes,
      int coalesceMaxMessages,
      long coalesceMaxBytes) {
    this.dao = dao;
    this.index = index;
    this.layout = layout;
    this.loggedBatchMaxBytes = loggedBatchMaxBytes;
    this.coalescer =
        new WriteCoalescer<>(
            this::sendUnlogged, Insert::bytes, coalesceMaxMessages, coalesceMaxBytes);
  }

  /**
   * One unlogged batch of inserts to one Cassandra partition: atomic there at any size (Cassandra's
   * batch size limits exempt single-partition batches).
   */
  private CompletionStage<Void> sendUnlogged(PartitionKey key, List<Insert> inserts) {
    List<BatchableStatement<?>> statements = new ArrayList<>(inserts.size());
    for (Insert insert : inserts) {
      statements.add(insert.statement());
    }
    return MessageLayout.run(
        dao.get(), MessageLayout.batch(BatchType.UNLOGGED, statements, key.level()));
  }

  /**
   * Writes the messages, all or none: a batch to one Cassandra partition (one queue partition and
   * time bucket) is an unlogged batch (coalesced with concurrent posts to the same partition),
   * atomic and isolated there at any size (Cassandra's batch size limits exempt single-partition
   * batches); across partitions a logged batch, atomic through the batch log, which Cassandra
   * refuses over its {@code batch_size_fail_threshold}: such a post is a 413 before anything is
   * sent.
   */
  CompletionStage<Void> write(
      Queue queue, List<NewMessage> messages, ConsistencyLevel level, ConsistencyLevel indexLevel) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (messages.size() > MAX_STATEMENTS_PER_BATCH) {
      throw tooLarge("A post may hold at most " + MAX_STATEMENTS_PER_BATCH + " messages.");
    }
    Map<MessageLayout.BucketKey, List<NewMessage>> byBucket =
        layout.byBucket(messages, NewMessage::ref);
    long limit = loggedBatchMaxBytes.getAsLong();
    if (byBucket.size() > 1 && estimatedBytes(messages) > limit) {
      throw tooLarge(
          "A batch over several partitions may hold at most "
              + limit
              + " bytes of messages; post it in smaller batches, or to one partition.");
    }
    MessagesDao messagesDao = dao.get();
    // The index first: a message must never be stored where no range read can find it.
    return index
        .write(queue, messages, indexLevel)
        .thenCompose(
            indexed ->
                byBucket.size() == 1
                    ? coalesced(
                        messagesDao, queue, byBucket.keySet().iterator().next(), messages, level)
                    : MessageLayout.run(
                        messagesDao,
                        MessageLayout.batch(
                            BatchType.LOGGED, inserts(messagesDao, queue, messages), level)))
        .exceptionallyCompose(MessageWriter::refusedAsTooLarge);
  }

  /**
   * A post to one Cassandra partition, coalesced with the other posts to it that arrive while one
   * is in flight: one unlogged batch, atomic for all of them; each post fails only with its batch.
   */
  private CompletionStage<Void> coalesced(
      MessagesDao dao,
      Queue queue,
      MessageLayout.BucketKey bucket,
      List<NewMessage> messages,
      ConsistencyLevel level) {
    var key = new PartitionKey(queue.id(), bucket.partition(), bucket.bucket(), level);
    List<BatchableStatement<?>> statements = inserts(dao, queue, messages);
    List<Insert> inserts = new ArrayList<>(statements.size());
    for (int i = 0; i < statements.size(); i++) {
      inserts.add(new Insert(statements.get(i), estimatedBytes(messages.get(i))));
    }
    return coalescer.write(key, inserts);
  }

  /** Cassandra's own size check, when its threshold is below ours: nothing was stored. */
  private static CompletionStage<Void> refusedAsTooLarge(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof InvalidQueryException invalid
        && invalid.getMessage() != null
        && invalid.getMessage().startsWith(BATCH_TOO_LARGE)) {
      return CompletableFuture.failedFuture(
          tooLarge(
              "The storage refused a batch this large across several partitions; post it in"
                  + " smaller batches, or to one partition."));
    }
    return CompletableFuture.failedFuture(failure);
  }

  private static PayloadTooLarge tooLarge(String message) {
    return new PayloadTooLarge("messages", message);
  }

  private List<BatchableStatement<?>> inserts(
      MessagesDao dao, Queue queue, List<NewMessage> messages) {
    List<BatchableStatement<?>> inserts = new ArrayList<>(messages.size());
    for (NewMessage message : messages) {
      inserts.add(
          dao.insert(
              queue.id(),
              message.partition(),
              layout.bucketOf(message.id()),
              message.id(),
              message.body(),
              message.contentType(),
              message.ttl()));
    }
    return inserts;
  }

  private static long estimatedBytes(List<NewMessage> messages) {
    long bytes = 0;
    for (NewMessage message : messages) {
      bytes += estimatedBytes(message);
    }
    return bytes;
  }

  private static long estimatedBytes(NewMessage message) {
    return ESTIMATED_BYTES_PER_MESSAGE
        + utf8Length(message.body())
        + (message.contentType() == null ? 0 : utf8Length(message.contentType()));
  }

  /** The UTF-8 size without encoding a copy of what may be a large body. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
