package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.Partition;
import io.queuey.queues.entity.Queue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Messages by id: fetched and deleted, a statement per bucket and chunk of ids. */
final class MessagesById {

  private static final int IDS_PER_STATEMENT = 100;
  private static final int DELETES_PER_BATCH = 1_000;

  private final Supplier<MessagesDao> dao;
  private final MessageLayout layout;

  /** See {@code Limits#maxResponseBytes()}: by-id reads keep to it here. */
  private final LongSupplier maxResponseBytes;

  MessagesById(Supplier<MessagesDao> dao, MessageLayout layout, LongSupplier maxResponseBytes) {
    this.dao = dao;
    this.layout = layout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The messages of {@code refs} that exist, in the order of {@code refs}: the chunks one after
   * another, each read in pages bounded by bytes, all of them together within {@code
   * queuey.read.max-response-bytes} (at least one message), so that a list of a few hundred 1-MiB
   * messages is never loaded at once, neither here nor in Cassandra.
   */
  CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs, ConsistencyLevel level) {
    if (refs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    MessagesDao messages = dao.get();
    Map<MessageRef, Message> found = new HashMap<>();
    var pages = new BytePages(maxResponseBytes.getAsLong());
    List<Chunk> chunks = new ArrayList<>();
    layout
        .byBucket(refs, Function.identity())
        .forEach(
            (key, bucketRefs) -> {
              for (List<MessageRef> chunk :
                  MessageLayout.partitionList(bucketRefs, IDS_PER_STATEMENT)) {
                List<UUID> ids = chunk.stream().map(ref -> ref.id().uuid()).distinct().toList();
                chunks.add(
                    new Chunk(
                        key.partition(),
                        MessageLayout.at(
                            messages.byIds(queue.id(), key.partition(), key.bucket(), ids),
                            level)));
              }
            });
    return fetchChunks(messages, chunks.iterator(), null, pages, found)
        .thenApply(done -> refs.stream().map(found::get).filter(Objects::nonNull).toList());
  }

  /** One by-id statement and the partition its rows belong to. */
  private record Chunk(Partition partition, Statement<?> statement) {}

  private CompletionStage<Void> fetchChunks(
      MessagesDao messages,
      Iterator<Chunk> chunks,
      Chunk current,
      BytePages pages,
      Map<MessageRef, Message> found) {
    if (pages.full() || (current == null && !chunks.hasNext())) {
      return CompletableFuture.completedFuture(null);
    }
    Chunk chunk = current == null ? chunks.next() : current;
    Partition partition = chunk.partition();
    Statement<?> statement = chunk.statement();
    return messages
        .execute(statement.setPageSize(pages.nextPageRows(IDS_PER_STATEMENT)))
        .thenCompose(
            page -> {
              for (Row row : page.currentPage()) {
                var message = MessagesDao.toMessage(row, partition);
                if (message.isPresent() && !pages.take(message.get())) {
                  break;
                }
                message.ifPresent(it -> found.put(new MessageRef(it.partition(), it.id()), it));
              }
              ByteBuffer next = page.getExecutionInfo().getPagingState();
              Chunk rest =
                  page.hasMorePages() && next != null
                      ? new Chunk(partition, statement.setPagingState(next))
                      : null;
              return fetchChunks(messages, chunks, rest, pages, found);
            });
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
