package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Posts and overwrites: the index first, then the messages, in as few atomic batches as fit. */
final class MessageWriter {

  private static final Logger LOG = Logger.getLogger(MessageWriter.class.getName());

  /** The native protocol counts a batch's statements in an unsigned short. */
  static final int MAX_STATEMENTS_PER_BATCH = 65_535;

  /** Keys, id, TTL and cell timestamps of one message, on top of its body and content type. */
  private static final int ESTIMATED_BYTES_PER_MESSAGE = 64;

  private final Supplier<MessagesDao> dao;
  private final BucketIndex index;
  private final MessagesById byId;
  private final MessageLayout layout;
  private final int batchMaxBytes;

  /** One Cassandra partition of the messages table, at one consistency level. */
  record PartitionKey(UUID queueId, Partition partition, long bucket, ConsistencyLevel level) {}

  /** A message's insert and its estimated size. */
  record Insert(BatchableStatement<?> statement, long bytes) {}

  /** Single-partition writes, gathered per partition while one to it is in flight. */
  private final WriteCoalescer<PartitionKey, Insert> coalescer;

  MessageWriter(
      Supplier<MessagesDao> dao,
      BucketIndex index,
      MessagesById byId,
      MessageLayout layout,
      int batchMaxBytes,
      int coalesceMaxMessages,
      long coalesceMaxBytes) {
    this.dao = dao;
    this.index = index;
    this.byId = byId;
    this.layout = layout;
    this.batchMaxBytes = batchMaxBytes;
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
   * Writes the messages; when {@code undoOnFailure}, a write that fails is undone (see {@link
   * #undo}), so that a client who is told it failed and posts again does not get every message
   * twice.
   */
  CompletionStage<Void> write(
      Queue queue,
      List<NewMessage> messages,
      ConsistencyLevel level,
      ConsistencyLevel indexLevel,
      boolean undoOnFailure) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    MessagesDao messagesDao = dao.get();
    // The index first: a message must never be stored where no range read can find it.
    return index
        .write(queue, messages, indexLevel)
        .thenCompose(indexed -> writeMessages(messagesDao, queue, messages, level, undoOnFailure));
  }

  private CompletionStage<Void> writeMessages(
      MessagesDao dao,
      Queue queue,
      List<NewMessage> messages,
      ConsistencyLevel level,
      boolean undoOnFailure) {
    return attemptWrite(dao, queue, messages, level)
        .handle((written, failure) -> failure)
        .thenCompose(
            failure -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(null);
              }
              CompletionStage<Void> undo =
                  undoOnFailure
                      ? undo(queue, messages, level)
                      : CompletableFuture.completedFuture(null);
              return undo.thenCompose(undone -> CompletableFuture.failedFuture(failure));
            });
  }

  /**
   * As cheaply as the messages allow: one Cassandra partition takes an unlogged batch, which is
   * atomic there at any size (Cassandra's batch size limits exempt single-partition batches);
   * several take a logged batch, which the batch log makes atomic, if Cassandra accepts its size;
   * larger ones are written as one unlogged batch per Cassandra partition, each atomic, all of them
   * together atomic only with the undo.
   */
  private CompletionStage<Void> attemptWrite(
      MessagesDao dao, Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    Map<MessageLayout.BucketKey, List<NewMessage>> byBucket =
        layout.byBucket(messages, NewMessage::ref);
    if (byBucket.size() == 1 && messages.size() <= MAX_STATEMENTS_PER_BATCH) {
      // Coalesced with the other posts to this partition that arrive while one is in flight.
      MessageLayout.BucketKey bucket = byBucket.keySet().iterator().next();
      var key = new PartitionKey(queue.id(), bucket.partition(), bucket.bucket(), level);
      List<BatchableStatement<?>> statements = inserts(dao, queue, messages);
      List<Insert> inserts = new ArrayList<>(statements.size());
      for (int i = 0; i < statements.size(); i++) {
        inserts.add(new Insert(statements.get(i), estimatedBytes(messages.get(i))));
      }
      return coalescer.write(key, inserts);
    }
    if (messages.size() <= MAX_STATEMENTS_PER_BATCH && estimatedBytes(messages) <= batchMaxBytes) {
      return MessageLayout.run(
          dao, MessageLayout.batch(BatchType.LOGGED, inserts(dao, queue, messages), level));
    }
    List<CompletableFuture<Void>> chunks = new ArrayList<>();
    for (List<NewMessage> bucket : byBucket.values()) {
      for (List<NewMessage> chunk : MessageLayout.partitionList(bucket, MAX_STATEMENTS_PER_BATCH)) {
        chunks.add(
            MessageLayout.run(
                    dao, MessageLayout.batch(BatchType.UNLOGGED, inserts(dao, queue, chunk), level))
                .toCompletableFuture());
      }
    }
    // allOf waits for every chunk, so an undo cannot overtake a write still in flight.
    return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new));
  }

  /**
   * Deletes every message of a failed post, also those whose write seemed to fail: a write that
   * timed out may still be applied, even much later when a logged batch is replayed from the batch
   * log, and the deletes, with later write times, win over it whenever it lands.
   */
  private CompletionStage<Void> undo(
      Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    List<MessageRef> refs = messages.stream().map(NewMessage::ref).toList();
    return byId.delete(queue, refs, level)
        .handle(
            (deleted, failure) -> {
              if (failure != null) {
                LOG.log(
                    Level.WARNING,
                    "A failed post to queue "
                        + queue.id()
                        + " could not be undone; its messages may be readable until they expire",
                    failure);
              }
              return null;
            });
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
