package io.queuey.messages.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.cassandra.ConsistencyLevels;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.platform.Limits;
import io.queuey.queues.entity.Queue;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Messages in Cassandra, in two tables (their CQL is in {@code CassandraSchema}):
 *
 * <ul>
 *   <li>{@code messages}: a Cassandra partition per queue incarnation, queue partition and time
 *       bucket ({@code queuey.messages.bucket-seconds}, default one hour), so that no partition
 *       grows without bound however long a queue is used;
 *   <li>{@code message_buckets}: the buckets in use per queue partition, so that a range read
 *       visits only buckets that hold messages instead of every bucket since {@code since}.
 * </ul>
 *
 * <p>Every call is asynchronous; each driver failure becomes {@code StorageUnavailable}.
 */
@ApplicationScoped
@Typed(CassandraMessageStore.class)
public class CassandraMessageStore implements MessageStore {

  private static final Logger LOG = Logger.getLogger(CassandraMessageStore.class.getName());

  public static final String BUCKET_SECONDS_PROPERTY = "queuey.messages.bucket-seconds";
  public static final String BATCH_MAX_BYTES_PROPERTY = "queuey.cassandra.batch-max-bytes";

  /**
   * Index rows carry their messages' expiry rounded up to this, so that a busy bucket needs one
   * index row per hour of expiries rather than one per message.
   */
  static final long EXPIRY_GRANULARITY_SECONDS = 3600;

  /** Index rows this instance remembers having written: some 15 MB of heap at most. */
  static final int INDEX_CACHE_CAPACITY = 100_000;

  private static final int INDEX_PAGE_SIZE = 500;
  private static final int COUNT_PAGE_SIZE = 5_000;

  /** Counting pages through up to a whole bucket of ids: far longer than a normal request. */
  private static final Duration COUNT_PAGE_TIMEOUT = Duration.ofSeconds(30);

  private static final int IDS_PER_STATEMENT = 100;
  private static final int DELETES_PER_BATCH = 1_000;

  /** The native protocol counts a batch's statements in an unsigned short. */
  private static final int MAX_STATEMENTS_PER_BATCH = 65_535;

  /** Keys, id, TTL and cell timestamps of one message, on top of its body and content type. */
  private static final int ESTIMATED_BYTES_PER_MESSAGE = 64;

  private static final long MAX_BUCKET_SECONDS = Duration.ofDays(30).toSeconds();

  @Inject CassandraConnection connection;
  @Inject ConsistencyLevels levels;

  /**
   * Fixed for the life of a deployment's messages: a message is found by id through the bucket of
   * its timestamp, so after a change, messages written before are missed by fetch, overwrite and
   * delete (range reads and counts still see them) until they expire.
   */
  @Inject
  @ConfigProperty(name = BUCKET_SECONDS_PROPERTY, defaultValue = "3600")
  long bucketSeconds;

  /** Cassandra fails batches over its {@code batch_size_fail_threshold}, 50 KiB by default. */
  @Inject
  @ConfigProperty(name = BATCH_MAX_BYTES_PROPERTY, defaultValue = "40960")
  int batchMaxBytes;

  /** See {@link Limits#maxResponseBytes()}: by-id reads keep to it here. */
  @Inject
  @ConfigProperty(name = Limits.MAX_RESPONSE_BYTES, defaultValue = "8388608")
  long maxResponseBytes = 8L * 1024 * 1024;

  private MessageDaos daos;

  /** Which (queue, partition, bucket, expiry) index rows this instance wrote: see indexBuckets. */
  private final Set<IndexRow> writtenIndexRows = ConcurrentHashMap.newKeySet();

  private final LongAdder bucketReads = new LongAdder();

  private record IndexRow(UUID queueId, Partition partition, long bucket, long expires) {}

  private record BucketKey(Partition partition, long bucket) {}

  /** For CDI. */
  public CassandraMessageStore() {}

  CassandraMessageStore(
      MessageDaos daos, ConsistencyLevels levels, long bucketSeconds, int batchMaxBytes) {
    this.daos = Objects.requireNonNull(daos, "daos");
    this.levels = Objects.requireNonNull(levels, "levels");
    this.bucketSeconds = bucketSeconds;
    this.batchMaxBytes = batchMaxBytes;
    checkSettings();
  }

  @PostConstruct
  void init() {
    checkSettings();
    daos = MessageDaos.of(connection);
  }

  private void checkSettings() {
    if (bucketSeconds < 1 || bucketSeconds > MAX_BUCKET_SECONDS) {
      throw new IllegalStateException(
          BUCKET_SECONDS_PROPERTY + " must be between 1 and " + MAX_BUCKET_SECONDS);
    }
    if (batchMaxBytes < 1) {
      throw new IllegalStateException(BATCH_MAX_BYTES_PROPERTY + " must be positive");
    }
  }

  /** How many message buckets range reads have queried: makes the bucket walk observable. */
  long bucketReads() {
    return bucketReads.sum();
  }

  @Override
  public CompletionStage<Void> post(Queue queue, List<NewMessage> messages) {
    return CassandraErrors.async(() -> write(queue, List.copyOf(messages), true));
  }

  /**
   * Unlike a post, an overwrite that fails halfway is not undone: undoing would delete messages
   * that existed before it, and a client can simply repeat a PUT.
   */
  @Override
  public CompletionStage<Void> overwrite(
      Queue queue, List<MessageRef> refs, String body, String contentType, Ttl ttl) {
    return CassandraErrors.async(
        () ->
            write(
                queue,
                refs.stream()
                    .map(ref -> new NewMessage(ref.id(), ref.partition(), body, contentType, ttl))
                    .toList(),
                false));
  }

  private CompletionStage<Void> write(
      Queue queue, List<NewMessage> messages, boolean undoOnFailure) {
    if (messages.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    ConsistencyLevel level = levels.write(queue.settings().consistency());
    MessagesDao dao = daos.messages().get();
    // The index first: a message must never be stored where no range read can find it.
    return indexBuckets(queue, messages, level)
        .thenCompose(indexed -> writeMessages(dao, queue, messages, level, undoOnFailure));
  }

  /**
   * Writes the index rows the messages need, except those this instance wrote before. An index row
   * lives until the rounded-up expiry of its messages plus a margin, because a message's TTL runs
   * from when a replica applies it, which may be a little later than {@code now} here or by a clock
   * a little ahead. A cached row therefore outlives every message it can stand for, and forgetting
   * the cache when full only costs a rewrite.
   */
  private CompletionStage<Void> indexBuckets(
      Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    long now = Instant.now().getEpochSecond();
    Set<IndexRow> missing = new LinkedHashSet<>();
    for (NewMessage message : messages) {
      long expires = TimeBuckets.roundUp(now + message.ttl().seconds(), EXPIRY_GRANULARITY_SECONDS);
      var row = new IndexRow(queue.id(), message.partition(), bucketOf(message.id()), expires);
      if (!writtenIndexRows.contains(row)) {
        missing.add(row);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    MessageBucketsDao dao = daos.buckets().get();
    long margin = Math.max(bucketSeconds, EXPIRY_GRANULARITY_SECONDS);
    CompletableFuture<?>[] writes =
        missing.stream()
            .map(
                row ->
                    dao.execute(
                            dao.insert(
                                    row.queueId(),
                                    row.partition(),
                                    row.bucket(),
                                    row.expires(),
                                    Math.toIntExact(row.expires() - now + margin))
                                .setConsistencyLevel(level))
                        .thenRun(() -> remember(row))
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes);
  }

  private void remember(IndexRow row) {
    if (writtenIndexRows.size() >= INDEX_CACHE_CAPACITY) {
      writtenIndexRows.clear();
    }
    writtenIndexRows.add(row);
  }

  /**
   * All or nothing: a post that fails is undone (see {@link #undo}), so that a client who is told
   * it failed and posts again does not get every message twice.
   */
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
                      ? undo(dao, queue, messages, level)
                      : CompletableFuture.completedFuture(null);
              return undo.thenCompose(undone -> CompletableFuture.failedFuture(failure));
            });
  }

  /**
   * As cheaply as the messages allow: one Cassandra partition takes an unlogged batch, which is
   * atomic there; several take a logged batch, which the batch log makes atomic, if Cassandra
   * accepts its size; larger ones are written in chunks, atomic only together with the undo.
   */
  private CompletionStage<Void> attemptWrite(
      MessagesDao dao, Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    Map<BucketKey, List<NewMessage>> byBucket = byBucket(messages, NewMessage::ref);
    if (byBucket.size() == 1 && messages.size() <= MAX_STATEMENTS_PER_BATCH) {
      return run(dao, batch(BatchType.UNLOGGED, inserts(dao, queue, messages), level));
    }
    if (messages.size() <= MAX_STATEMENTS_PER_BATCH && estimatedBytes(messages) <= batchMaxBytes) {
      return run(dao, batch(BatchType.LOGGED, inserts(dao, queue, messages), level));
    }
    List<CompletableFuture<Void>> chunks = new ArrayList<>();
    for (List<NewMessage> bucket : byBucket.values()) {
      for (List<NewMessage> chunk : chunks(bucket)) {
        chunks.add(
            run(dao, batch(BatchType.UNLOGGED, inserts(dao, queue, chunk), level))
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
      MessagesDao dao, Queue queue, List<NewMessage> messages, ConsistencyLevel level) {
    List<MessageRef> refs = messages.stream().map(NewMessage::ref).toList();
    return deleteRefs(dao, queue, refs, level)
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

  private List<List<NewMessage>> chunks(List<NewMessage> messages) {
    List<List<NewMessage>> chunks = new ArrayList<>();
    List<NewMessage> chunk = new ArrayList<>();
    long chunkBytes = 0;
    for (NewMessage message : messages) {
      long bytes = estimatedBytes(message);
      if (!chunk.isEmpty()
          && (chunkBytes + bytes > batchMaxBytes || chunk.size() == MAX_STATEMENTS_PER_BATCH)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        chunkBytes = 0;
      }
      chunk.add(message);
      chunkBytes += bytes;
    }
    chunks.add(chunk);
    return chunks;
  }

  private List<BatchableStatement<?>> inserts(
      MessagesDao dao, Queue queue, List<NewMessage> messages) {
    List<BatchableStatement<?>> inserts = new ArrayList<>(messages.size());
    for (NewMessage message : messages) {
      inserts.add(
          dao.insert(
              queue.id(),
              message.partition(),
              bucketOf(message.id()),
              message.id(),
              message.body(),
              message.contentType(),
              message.ttl()));
    }
    return inserts;
  }

  @Override
  public CompletionStage<List<Message>> read(
      Queue queue, Partition partition, ReadRequest request) {
    return CassandraErrors.async(() -> walk(queue, partition, request));
  }

  private CompletionStage<List<Message>> walk(
      Queue queue, Partition partition, ReadRequest request) {
    MessageId lowest = request.lowestId();
    MessageId highest = request.highestId();
    if (lowest.compareTo(highest) > 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    ConsistencyLevel level = levels.read(queue.settings().consistency());
    MessageBucketsDao index = daos.buckets().get();
    var walk =
        new RangeWalk(
            daos.messages().get(),
            queue.id(),
            partition,
            lowest,
            highest,
            request.limit(),
            request.order(),
            level,
            request.maxBytes());
    return index
        .execute(
            index
                .buckets(
                    queue.id(),
                    partition,
                    bucketOf(lowest),
                    bucketOf(highest),
                    request.order(),
                    INDEX_PAGE_SIZE)
                .setConsistencyLevel(level))
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
    private final List<Message> found = new ArrayList<>();
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
        long maxBytes) {
      this.pages = new BytePages(maxBytes);
      this.messages = messages;
      this.queueId = queueId;
      this.partition = partition;
      this.lowest = lowest;
      this.highest = highest;
      this.limit = limit;
      this.order = order;
      this.level = level;
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
        long bucket, int bucketLimit, java.nio.ByteBuffer pagingState) {
      return messages
          .execute(
              messages
                  .range(queueId, partition, bucket, lowest, highest, bucketLimit, order)
                  .setPageSize(pages.nextPageRows(limit - found.size()))
                  .setPagingState(pagingState)
                  .setConsistencyLevel(level))
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
                java.nio.ByteBuffer next = page.getExecutionInfo().getPagingState();
                return page.hasMorePages() && next != null
                    ? readPages(bucket, bucketLimit, next)
                    : CompletableFuture.completedFuture(false);
              });
    }
  }

  @Override
  public CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs) {
    return CassandraErrors.async(() -> fetchAll(queue, List.copyOf(refs)));
  }

  /**
   * The chunks one after another, each read in pages bounded by bytes, all of them together within
   * {@code queuey.read.max-response-bytes} (at least one message): a list of a few hundred 1-MiB
   * messages must not be loaded at once, neither here nor in Cassandra.
   */
  private CompletionStage<List<Message>> fetchAll(Queue queue, List<MessageRef> refs) {
    if (refs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    ConsistencyLevel level = levels.read(queue.settings().consistency());
    MessagesDao dao = daos.messages().get();
    Map<MessageRef, Message> found = new HashMap<>();
    var pages = new BytePages(maxResponseBytes);
    List<Chunk> chunks = new ArrayList<>();
    byBucket(refs, Function.identity())
        .forEach(
            (key, bucketRefs) -> {
              for (List<MessageRef> chunk : partitionList(bucketRefs, IDS_PER_STATEMENT)) {
                List<UUID> ids = chunk.stream().map(ref -> ref.id().uuid()).distinct().toList();
                chunks.add(
                    new Chunk(
                        key.partition(),
                        dao.byIds(queue.id(), key.partition(), key.bucket(), ids)
                            .setConsistencyLevel(level)));
              }
            });
    return fetchChunks(dao, chunks.iterator(), null, pages, found)
        .thenApply(done -> refs.stream().map(found::get).filter(Objects::nonNull).toList());
  }

  /** One by-id statement and the partition its rows belong to. */
  private record Chunk(Partition partition, Statement<?> statement) {}

  private CompletionStage<Void> fetchChunks(
      MessagesDao dao,
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
    return dao.execute(statement.setPageSize(pages.nextPageRows(IDS_PER_STATEMENT)))
        .thenCompose(
            page -> {
              for (Row row : page.currentPage()) {
                var message = MessagesDao.toMessage(row, partition);
                if (message.isPresent() && !pages.take(message.get())) {
                  break;
                }
                message.ifPresent(it -> found.put(new MessageRef(it.partition(), it.id()), it));
              }
              java.nio.ByteBuffer next = page.getExecutionInfo().getPagingState();
              Chunk rest =
                  page.hasMorePages() && next != null
                      ? new Chunk(partition, statement.setPagingState(next))
                      : null;
              return fetchChunks(dao, chunks, rest, pages, found);
            });
  }

  @Override
  public CompletionStage<Void> delete(Queue queue, List<MessageRef> refs) {
    return CassandraErrors.async(
        () ->
            deleteRefs(
                daos.messages().get(),
                queue,
                List.copyOf(refs),
                levels.write(queue.settings().consistency())));
  }

  private CompletionStage<Void> deleteRefs(
      MessagesDao dao, Queue queue, List<MessageRef> refs, ConsistencyLevel level) {
    List<CompletableFuture<Void>> deletes = new ArrayList<>();
    byBucket(refs, Function.identity())
        .forEach(
            (key, bucketRefs) -> {
              for (List<MessageRef> chunk : partitionList(bucketRefs, DELETES_PER_BATCH)) {
                List<BatchableStatement<?>> statements = new ArrayList<>(chunk.size());
                for (MessageRef ref : chunk) {
                  statements.add(dao.delete(queue.id(), key.partition(), key.bucket(), ref.id()));
                }
                deletes.add(
                    run(dao, batch(BatchType.UNLOGGED, statements, level)).toCompletableFuture());
              }
            });
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
  }

  /**
   * Reads the id of every live message: one paged query per used bucket (a page of 5,000 ids costs
   * about as much as reading them), each page with a generous timeout so that a bucket of 100,000
   * messages is counted. Partitions are counted in parallel, buckets one after another.
   */
  @Override
  public CompletionStage<Long> count(Queue queue) {
    return CassandraErrors.async(() -> countAll(queue));
  }

  private CompletionStage<Long> countAll(Queue queue) {
    ConsistencyLevel level = levels.read(queue.settings().consistency());
    MessagesDao dao = daos.messages().get();
    List<CompletableFuture<Long>> counts =
        partitionsOf(queue).stream()
            .map(
                partition ->
                    usedBuckets(queue.id(), partition, level)
                        .thenCompose(
                            buckets ->
                                countBuckets(dao, queue.id(), partition, buckets.iterator(), level))
                        .toCompletableFuture())
            .toList();
    return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
        .thenApply(done -> counts.stream().mapToLong(CompletableFuture::join).sum());
  }

  private CompletionStage<Long> countBuckets(
      MessagesDao dao,
      UUID queueId,
      Partition partition,
      Iterator<Long> buckets,
      ConsistencyLevel level) {
    if (!buckets.hasNext()) {
      return CompletableFuture.completedFuture(0L);
    }
    long bucket = buckets.next();
    return dao.execute(
            dao.ids(queueId, partition, bucket)
                .setPageSize(COUNT_PAGE_SIZE)
                .setTimeout(COUNT_PAGE_TIMEOUT)
                .setConsistencyLevel(level))
        .thenCompose(page -> countPages(page, 0))
        .thenCompose(
            inBucket ->
                countBuckets(dao, queueId, partition, buckets, level)
                    .thenApply(inLaterBuckets -> inBucket + inLaterBuckets));
  }

  private static CompletionStage<Long> countPages(AsyncResultSet page, long countedBefore) {
    long counted = countedBefore + page.remaining();
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> countPages(next, counted))
        : CompletableFuture.completedFuture(counted);
  }

  /** Every bucket of a queue partition in the index, once each, in ascending order. */
  private CompletionStage<List<Long>> usedBuckets(
      UUID queueId, Partition partition, ConsistencyLevel level) {
    MessageBucketsDao dao = daos.buckets().get();
    return dao.execute(
            dao.buckets(
                    queueId,
                    partition,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    Order.ASCENDING,
                    INDEX_PAGE_SIZE)
                .setConsistencyLevel(level))
        .thenCompose(page -> collectBuckets(page, new ArrayList<>()));
  }

  private static CompletionStage<List<Long>> collectBuckets(
      AsyncResultSet page, List<Long> buckets) {
    for (Row row : page.currentPage()) {
      long bucket = MessageBucketsDao.bucketOf(row);
      if (buckets.isEmpty() || buckets.get(buckets.size() - 1) != bucket) {
        buckets.add(bucket);
      }
    }
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> collectBuckets(next, buckets))
        : CompletableFuture.completedFuture(buckets);
  }

  /**
   * Deletes each used bucket with a partition tombstone, then the index; the messages are already
   * unreachable, since the queue's metadata (and so its id) is gone.
   */
  @Override
  public CompletionStage<Void> deleteAll(Queue queue) {
    writtenIndexRows.removeIf(row -> row.queueId().equals(queue.id()));
    return CassandraErrors.async(() -> deleteEverything(queue))
        .handle(
            (deleted, failure) -> {
              if (failure != null) {
                LOG.log(
                    Level.WARNING,
                    "The messages of deleted queue "
                        + queue.id()
                        + " were not all deleted; what is left expires with its TTL",
                    failure);
              }
              return null;
            });
  }

  private CompletionStage<Void> deleteEverything(Queue queue) {
    ConsistencyLevel level = levels.write(queue.settings().consistency());
    MessagesDao messages = daos.messages().get();
    MessageBucketsDao index = daos.buckets().get();
    CompletableFuture<?>[] partitions =
        partitionsOf(queue).stream()
            .map(
                partition ->
                    usedBuckets(queue.id(), partition, level)
                        .thenCompose(
                            buckets ->
                                CompletableFuture.allOf(
                                    buckets.stream()
                                        .map(
                                            bucket ->
                                                run(
                                                        messages,
                                                        messages
                                                            .deleteBucket(
                                                                queue.id(), partition, bucket)
                                                            .setConsistencyLevel(level))
                                                    .toCompletableFuture())
                                        .toArray(CompletableFuture[]::new)))
                        // The index goes last: while it stands, a retry can find the buckets.
                        .thenCompose(
                            bucketsDeleted ->
                                index.execute(
                                    index
                                        .deleteAll(queue.id(), partition)
                                        .setConsistencyLevel(level)))
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(partitions);
  }

  private static List<Partition> partitionsOf(Queue queue) {
    return IntStream.rangeClosed(1, queue.settings().partitions()).mapToObj(Partition::of).toList();
  }

  private long bucketOf(MessageId id) {
    return TimeBuckets.bucketOf(id.timestamp(), bucketSeconds);
  }

  private <T> Map<BucketKey, List<T>> byBucket(List<T> items, Function<T, MessageRef> refOf) {
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

  private static <T> List<List<T>> partitionList(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int start = 0; start < items.size(); start += size) {
      chunks.add(items.subList(start, Math.min(items.size(), start + size)));
    }
    return chunks;
  }

  /** A single statement is sent as it is: a batch of one would only add overhead. */
  private static Statement<?> batch(
      BatchType type, List<BatchableStatement<?>> statements, ConsistencyLevel level) {
    Statement<?> statement =
        statements.size() == 1
            ? statements.get(0)
            : BatchStatement.newInstance(type, statements).setIdempotent(true);
    return statement.setConsistencyLevel(level);
  }

  private static CompletionStage<Void> run(MessagesDao dao, Statement<?> statement) {
    return dao.execute(statement).thenApply(result -> null);
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
