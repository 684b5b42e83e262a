package io.queuey.queues.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.errors.StorageUnavailable;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Queue metadata in Cassandra's {@code queues} table, changed only by lightweight transactions:
 * creates {@code IF NOT EXISTS}, updates conditional on every value they read, deletes conditional
 * on the incarnation. Updates and deletes read the current row at the serial level first (a
 * linearizable read), so they never act on a stale copy; a transaction that another one overtook
 * reads and tries again. A transaction whose outcome is unknown (a timeout after Paxos began) is
 * settled by a serial read, which completes it or shows that it did not happen.
 *
 * <p>Its calls block the request thread, so a bulkhead bounds how many threads a slow Cassandra can
 * hold (configurable as {@code io.queuey.queues.storage.CassandraQueueStore/Bulkhead/value}); past
 * it, calls fail fast.
 */
@ApplicationScoped
@Bulkhead(64)
@Typed(CassandraQueueStore.class)
public class CassandraQueueStore implements QueueStore {

  /** How many buckets a listing reads at once. */
  private static final int LIST_WINDOW = 8;

  /**
   * Attempts of one change before giving up with a 503: each lost attempt means another change of
   * the same queue won, so this many losses in a row only happen under a storm of changes.
   */
  static final int MAX_ATTEMPTS = 12;

  @Inject CassandraConnection connection;
  @Inject ConsistencyLevels consistencyLevels;

  /** Fixed for the life of a deployment's data: see {@link QueueBuckets}. */
  @Inject
  @ConfigProperty(name = "queuey.queues.buckets", defaultValue = "32")
  int buckets;

  @Override
  public Optional<Queue> find(String application, QueueName name) {
    return call(
        () ->
            dao()
                .find(
                    application,
                    QueueBuckets.of(name, buckets),
                    name,
                    consistencyLevels.metadata()));
  }

  /** The current row, linearizably. */
  private Optional<Queue> findSerial(String application, QueueName name, int bucket) {
    return dao().find(application, bucket, name, consistencyLevels.serial());
  }

  @Override
  public boolean create(Queue queue) {
    return call(
        () -> {
          int bucket = QueueBuckets.of(queue.name(), buckets);
          for (int attempt = 1; ; attempt++) {
            try {
              return dao().insertIfNotExists(queue, bucket, consistencyLevels.metadata());
            } catch (RuntimeException failure) {
              requireUnknownOutcome(failure, attempt);
            }
            // Applied or not: the serial read tells, as it completes what Paxos began.
            Optional<Queue> stored = findSerial(queue.application(), queue.name(), bucket);
            if (stored.isPresent()) {
              return stored.get().id().equals(queue.id());
            }
          }
        });
  }

  @Override
  public Optional<Queue> update(
      String application, QueueName name, UnaryOperator<QueueSettings> change) {
    return call(
        () -> {
          int bucket = QueueBuckets.of(name, buckets);
          for (int attempt = 1; ; attempt++) {
            Optional<Queue> read = findSerial(application, name, bucket);
            if (read.isEmpty()) {
              return Optional.empty();
            }
            Queue current = read.get();
            QueueSettings updated = change.apply(current.settings());
            if (updated.equals(current.settings())) {
              // Nothing to write, or an attempt whose outcome was unknown did apply.
              return Optional.of(current);
            }
            try {
              if (dao().updateIfUnchanged(current, updated, bucket, consistencyLevels.metadata())) {
                return Optional.of(current.withSettings(updated));
              }
              giveUpAfter(attempt);
            } catch (RuntimeException failure) {
              requireUnknownOutcome(failure, attempt);
            }
            backOff(attempt);
          }
        });
  }

  @Override
  public Optional<Queue> delete(String application, QueueName name) {
    return call(
        () -> {
          int bucket = QueueBuckets.of(name, buckets);
          // The incarnation whose delete may have been applied: its outcome was unknown.
          Queue pending = null;
          for (int attempt = 1; ; attempt++) {
            Optional<Queue> read = findSerial(application, name, bucket);
            if (read.isEmpty() || (pending != null && !read.get().id().equals(pending.id()))) {
              // Gone: deleted by the pending attempt (if any), or by another request.
              return Optional.ofNullable(pending);
            }
            Queue current = read.get();
            pending = null;
            try {
              if (dao().deleteIfSameIncarnation(current, bucket, consistencyLevels.metadata())) {
                return Optional.of(current);
              }
              giveUpAfter(attempt);
            } catch (RuntimeException failure) {
              requireUnknownOutcome(failure, attempt);
              pending = current;
            }
            backOff(attempt);
          }
        });
  }

  /**
   * Returns if {@code failure} leaves the outcome of a lightweight transaction unknown (it may have
   * been applied), and there are attempts left; else throws it.
   */
  private static void requireUnknownOutcome(RuntimeException failure, int attempt) {
    if (!isUnknownOutcome(failure)) {
      throw failure;
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw failure;
    }
  }

  static boolean isUnknownOutcome(Throwable failure) {
    return failure instanceof WriteTimeoutException
        || failure instanceof CASWriteUnknownException
        || failure instanceof DriverTimeoutException
        || failure instanceof ClosedConnectionException
        || failure instanceof HeartbeatException;
  }

  private static void giveUpAfter(int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new StorageUnavailable(
          StorageUnavailable.Kind.TIMEOUT,
          "The queue is being changed by many requests at once; try again.",
          null);
    }
  }

  /** A short random pause, growing with the attempts, so that competing changes spread out. */
  private static void backOff(int attempt) {
    long maxMicros = Math.min(50_000L, 2_000L << Math.min(attempt, 5));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1_000L);
  }

  /**
   * The order is bucket by bucket, by name within a bucket. An offset names its own bucket, so a
   * page costs at most one query per bucket, whatever the number of queues. Buckets are read a
   * window at a time, concurrently, as an application with few queues has mostly empty ones.
   */
  @Override
  public List<Queue> list(String application, Optional<QueueName> offset, int limit) {
    return call(
        () -> {
          var page = new ArrayList<Queue>(limit);
          int bucket = offset.map(name -> QueueBuckets.of(name, buckets)).orElse(0);
          Optional<QueueName> from = offset;
          ConsistencyLevel level = consistencyLevels.metadata();
          while (bucket < buckets && page.size() < limit) {
            int wanted = limit - page.size();
            var window = new ArrayList<CompletableFuture<List<Queue>>>(LIST_WINDOW);
            for (int i = 0; i < LIST_WINDOW && bucket < buckets; i++, bucket++) {
              window.add(
                  dao().page(application, bucket, from, wanted, level).toCompletableFuture());
              from = Optional.empty();
            }
            for (var read : window) {
              List<Queue> queues = read.join();
              page.addAll(queues.subList(0, Math.min(queues.size(), limit - page.size())));
            }
          }
          return page;
        });
  }

  /** The DAO: from the session once connected, or the one a test gave. */
  private Supplier<QueuesDao> daos =
      () ->
          connection.dao(QueuesDao.class, session -> new QueuesDao(session, connection.keyspace()));

  /** For CDI. */
  public CassandraQueueStore() {}

  /** For tests without a container. */
  CassandraQueueStore(QueuesDao dao, ConsistencyLevels consistencyLevels, int buckets) {
    this.daos = () -> dao;
    this.consistencyLevels = consistencyLevels;
    this.buckets = buckets;
  }

  private QueuesDao dao() {
    return daos.get();
  }

  private static <T> T call(Supplier<T> storageCall) {
    try {
      return storageCall.get();
    } catch (RuntimeException failure) {
      throw CassandraErrors.translate(failure);
    }
  }
}
