package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageRef;
import io.queuey.queues.entity.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/** Messages by id: fetched and deleted, a statement per bucket and chunk of ids. */
final class MessagesById {

  private static final int IDS_PER_STATEMENT = 100;
  private static final int DELETES_PER_BATCH = 1_000;

  private final Supplier<MessagesDao> dao;
  private final MessageLayout layout;

  MessagesById(Supplier<MessagesDao> dao, MessageLayout layout) {
    this.dao = dao;
    this.layout = layout;
  }

  /** The messages of {@code refs} that exist, in the order of {@code refs}. */
  CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs, ConsistencyLevel level) {
    if (refs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    MessagesDao messages = dao.get();
    Map<MessageRef, Message> found = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    layout
        .byBucket(refs, Function.identity())
        .forEach(
            (key, bucketRefs) -> {
              for (List<MessageRef> chunk :
                  MessageLayout.partitionList(bucketRefs, IDS_PER_STATEMENT)) {
                List<UUID> ids = chunk.stream().map(ref -> ref.id().uuid()).distinct().toList();
                reads.add(
                    messages
                        .execute(
                            MessageLayout.at(
                                messages.byIds(queue.id(), key.partition(), key.bucket(), ids),
                                level))
                        .thenAccept(
                            page -> {
                              for (Row row : page.currentPage()) {
                                MessagesDao.toMessage(row, key.partition())
                                    .ifPresent(
                                        message ->
                                            found.put(
                                                new MessageRef(message.partition(), message.id()),
                                                message));
                              }
                            })
                        .toCompletableFuture());
              }
            });
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> refs.stream().map(found::get).filter(Objects::nonNull).toList());
  }

  /** Deletes the messages of {@code refs}: an unlogged (single-partition) batch per bucket. */
  CompletionStage<Void> delete(Queue queue, List<MessageRef> refs, ConsistencyLevel level) {
    MessagesDao messages = dao.get();
    List<CompletableFuture<Void>> deletes = new ArrayList<>();
    layout
        .byBucket(refs, Function.identity())
        .forEach(
            (key, bucketRefs) -> {
              for (List<MessageRef> chunk :
                  MessageLayout.partitionList(bucketRefs, DELETES_PER_BATCH)) {
                List<BatchableStatement<?>> statements = new ArrayList<>(chunk.size());
                for (MessageRef ref : chunk) {
                  statements.add(
                      messages.delete(queue.id(), key.partition(), key.bucket(), ref.id()));
                }
                deletes.add(
                    MessageLayout.run(
                            messages, MessageLayout.batch(BatchType.UNLOGGED, statements, level))
                        .toCompletableFuture());
              }
            });
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
  }
}
