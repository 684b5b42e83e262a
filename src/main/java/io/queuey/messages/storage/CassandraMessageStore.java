package io.queuey.messages.storage;

import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.platform.Limits;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.storage.ConsistencyLevels;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * <p>The work is done by its parts: {@link BucketIndex}, {@link MessageWriter}, {@link
 * RangeReader}, {@link MessagesById} and {@link MessageReclaimer}; this class picks the levels and
 * turns each driver failure into {@code StorageUnavailable}. Every call is asynchronous.
 */
@ApplicationScoped
@Typed(CassandraMessageStore.class)
public class CassandraMessageStore implements MessageStore {

  private static final Logger LOG = Logger.getLogger(CassandraMessageStore.class.getName());

  public static final String BUCKET_SECONDS_PROPERTY = "queuey.messages.bucket-seconds";
  public static final String BATCH_MAX_BYTES_PROPERTY = "queuey.cassandra.batch-max-bytes";
  public static final String COALESCE_MAX_MESSAGES_PROPERTY =
      "queuey.messages.coalesce-max-messages";
  public static final String COALESCE_MAX_BYTES_PROPERTY = "queuey.messages.coalesce-max-bytes";

  /** Cassandra's default {@code batch_size_fail_threshold}. */
  private static final long CASSANDRA_DEFAULT_BATCH_FAIL_BYTES = 50 * 1024;

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

  /**
   * The largest batch over several Cassandra partitions (a logged batch) Queuey sends; larger ones
   * are a 413. Cassandra refuses such batches over its {@code batch_size_fail_threshold}, so unset
   * it is that threshold as the connected node reports it, else Cassandra's default 50 KiB.
   */
  @Inject
  @ConfigProperty(name = BATCH_MAX_BYTES_PROPERTY)
  Optional<Long> batchMaxBytes = Optional.empty();

  /**
   * Caps of one coalesced write: posts to one Cassandra partition that gather while a write to it
   * is in flight go together, up to this many messages and estimated bytes (a single larger post
   * goes alone).
   */
  @Inject
  @ConfigProperty(name = COALESCE_MAX_MESSAGES_PROPERTY, defaultValue = "1000")
  int coalesceMaxMessages = 1000;

  @Inject
  @ConfigProperty(name = COALESCE_MAX_BYTES_PROPERTY, defaultValue = "1048576")
  long coalesceMaxBytes = 1024 * 1024;

  /** Requests of background work (reclaiming, counting) in flight at once, per instance. */
  @Inject
  @ConfigProperty(name = "queuey.cassandra.background-concurrency", defaultValue = "8")
  int backgroundConcurrency;

  /** See {@link Limits#maxResponseBytes()}: by-id reads keep to it here. Null in unit tests. */
  @Inject Limits limits;

  /** How long a count (include_count) may take in all. */
  @Inject
  @ConfigProperty(name = "queuey.messages.count-deadline-ms", defaultValue = "30000")
  long countDeadlineMillis;

  /** How long reclaiming a deleted queue's messages may take; what is left then expires. */
  @Inject
  @ConfigProperty(name = "queuey.messages.reclaim-deadline-ms", defaultValue = "600000")
  long reclaimDeadlineMillis;

  /** How long a range read (its walk over the bucket index and buckets) may take in all. */
  @Inject
  @ConfigProperty(name = "queuey.messages.read-deadline-ms", defaultValue = "20000")
  long readDeadlineMillis;

  private BucketIndex index;
  private MessageWriter writer;
  private RangeReader reader;
  private MessagesById byId;
  private MessageReclaimer reclaimer;

  /** For CDI. */
  public CassandraMessageStore() {}

  CassandraMessageStore(
      MessageDaos daos, ConsistencyLevels levels, long bucketSeconds, long batchMaxBytes) {
    this.levels = Objects.requireNonNull(levels, "levels");
    this.bucketSeconds = bucketSeconds;
    this.batchMaxBytes = Optional.of(batchMaxBytes);
    this.backgroundConcurrency = 8;
    this.countDeadlineMillis = 30_000;
    this.reclaimDeadlineMillis = 600_000;
    this.readDeadlineMillis = 20_000;
    checkSettings();
    assemble(Objects.requireNonNull(daos, "daos"));
  }

  @PostConstruct
  void init() {
    checkSettings();
    assemble(MessageDaos.of(connection));
  }

  private void assemble(MessageDaos daos) {
    var layout = new MessageLayout(bucketSeconds);
    index = new BucketIndex(daos.buckets(), layout);
    byId =
        new MessagesById(
            daos.messages(),
            layout,
            limits == null
                ? () -> Limits.Values.DEFAULTS.maxResponseBytes()
                : limits::maxResponseBytes);
    writer =
        new MessageWriter(
            daos.messages(),
            index,
            layout,
            this::loggedBatchMaxBytes,
            coalesceMaxMessages,
            coalesceMaxBytes);
    reader =
        new RangeReader(
            daos.messages(), index, Duration.ofMillis(readDeadlineMillis), Clock.systemUTC());
    reclaimer =
        new MessageReclaimer(
            daos.messages(),
            index,
            backgroundConcurrency,
            Duration.ofMillis(countDeadlineMillis),
            Duration.ofMillis(reclaimDeadlineMillis),
            Clock.systemUTC());
  }

  private void checkSettings() {
    if (bucketSeconds < 1 || bucketSeconds > MAX_BUCKET_SECONDS) {
      throw new IllegalStateException(
          BUCKET_SECONDS_PROPERTY + " must be between 1 and " + MAX_BUCKET_SECONDS);
    }
    if (backgroundConcurrency < 1) {
      throw new IllegalStateException("queuey.cassandra.background-concurrency must be positive");
    }
    if (coalesceMaxMessages < 1 || coalesceMaxMessages > MessageWriter.MAX_STATEMENTS_PER_BATCH) {
      throw new IllegalStateException(
          COALESCE_MAX_MESSAGES_PROPERTY
              + " must be between 1 and "
              + MessageWriter.MAX_STATEMENTS_PER_BATCH);
    }
    if (coalesceMaxBytes < 1) {
      throw new IllegalStateException(COALESCE_MAX_BYTES_PROPERTY + " must be positive");
    }
    if (batchMaxBytes.isPresent() && batchMaxBytes.get() < 1) {
      throw new IllegalStateException(BATCH_MAX_BYTES_PROPERTY + " must be positive");
    }
  }

  private long loggedBatchMaxBytes() {
    if (batchMaxBytes.isPresent()) {
      return batchMaxBytes.get();
    }
    return connection == null
        ? CASSANDRA_DEFAULT_BATCH_FAIL_BYTES
        : connection.batchSizeFailThreshold().orElse(CASSANDRA_DEFAULT_BATCH_FAIL_BYTES);
  }

  /** How many message buckets range reads have queried: makes the bucket walk observable. */
  long bucketReads() {
    return reader.bucketReads();
  }

  @Override
  public CompletionStage<Void> post(Queue queue, List<NewMessage> messages) {
    return CassandraErrors.async(
        () ->
            writer.write(
                queue,
                List.copyOf(messages),
                levels.write(queue.settings().consistency()),
                levels.index(queue.settings().consistency())));
  }

  /** An overwrite that fails is not undone either: a client can simply repeat a PUT. */
  @Override
  public CompletionStage<Void> overwrite(
      Queue queue, List<MessageRef> refs, String body, String contentType, Ttl ttl) {
    return CassandraErrors.async(
        () ->
            writer.write(
                queue,
                refs.stream()
                    .map(ref -> new NewMessage(ref.id(), ref.partition(), body, contentType, ttl))
                    .toList(),
                levels.write(queue.settings().consistency()),
                levels.index(queue.settings().consistency())));
  }

  @Override
  public CompletionStage<List<Message>> read(
      Queue queue, Partition partition, ReadRequest request) {
    return CassandraErrors.async(
        () -> reader.read(queue, partition, request, levels.read(queue.settings().consistency())));
  }

  @Override
  public CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs) {
    return CassandraErrors.async(
        () -> byId.fetch(queue, List.copyOf(refs), levels.read(queue.settings().consistency())));
  }

  @Override
  public CompletionStage<Void> delete(Queue queue, List<MessageRef> refs) {
    return CassandraErrors.async(
        () -> byId.delete(queue, List.copyOf(refs), levels.write(queue.settings().consistency())));
  }

  @Override
  public CompletionStage<Long> count(Queue queue) {
    return CassandraErrors.async(
        () -> reclaimer.count(queue, levels.read(queue.settings().consistency())));
  }

  @Override
  public CompletionStage<Void> deleteAll(Queue queue) {
    index.forget(queue.id());
    return CassandraErrors.async(
            () ->
                reclaimer.deleteAll(
                    queue,
                    levels.write(queue.settings().consistency()),
                    levels.index(queue.settings().consistency())))
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

  /** The UTF-8 size without encoding a copy of what may be a large body. */
  static long utf8Length(String text) {
    return MessageWriter.utf8Length(text);
  }
}
