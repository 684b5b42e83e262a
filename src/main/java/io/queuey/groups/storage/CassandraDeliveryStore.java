package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.errors.OutcomeUnknown;
import io.queuey.groups.control.DeliveryStore;
import io.queuey.groups.entity.BucketMarks;
import io.queuey.groups.entity.ClaimCommit;
import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Lease;
import io.queuey.groups.entity.LeaseWrite;
import io.queuey.messages.entity.MessageId;
import io.queuey.queues.storage.ConsistencyLevels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deliveries in Cassandra's {@code group_bucket_deliveries} and {@code group_delivery_marks}. A
 * claim is one conditional batch on one bucket partition: the cursor update conditioned on the
 * claim token read, plus the lease rows (rows that existed conditioned on their lease). Every
 * conditional write uses the queue's write level to commit and SERIAL (LOCAL_SERIAL where writes
 * are local) for Paxos, and any failure of one other than "never sent" is reported as {@link
 * OutcomeUnknown}, for the caller to read at SERIAL.
 */
@ApplicationScoped
@Typed(CassandraDeliveryStore.class)
public class CassandraDeliveryStore implements DeliveryStore {

  @Inject CassandraConnection connection;
  @Inject ConsistencyLevels levels;

  @Inject
  @ConfigProperty(name = "queuey.groups.state-ttl-seconds", defaultValue = "345600")
  int stateTtlSeconds;

  private Supplier<DeliveriesDao> daos =
      () ->
          connection.dao(
              DeliveriesDao.class, session -> new DeliveriesDao(session, connection.keyspace()));

  /** The DAO once its statements are prepared. */
  private final AtomicReference<DeliveriesDao> prepared = new AtomicReference<>();

  private Supplier<DeliveryMarksDao> markDaos =
      () ->
          connection.dao(
              DeliveryMarksDao.class,
              session -> new DeliveryMarksDao(session, connection.keyspace()));

  private final AtomicReference<DeliveryMarksDao> preparedMarks = new AtomicReference<>();

  /** For CDI. */
  public CassandraDeliveryStore() {}

  /**
   * The DAO, prepared on first use off the calling thread: a claim first gets here on a driver
   * thread (after reading its group), where the driver forbids the synchronous prepare.
   */
  private CompletionStage<DeliveriesDao> dao() {
    return once(prepared, daos);
  }

  /** As {@link #dao()}, for the marks. */
  private CompletionStage<DeliveryMarksDao> marksDao() {
    return once(preparedMarks, markDaos);
  }

  private static <T> CompletionStage<T> once(AtomicReference<T> cache, Supplier<T> lookup) {
    T dao = cache.get();
    if (dao != null) {
      return CompletableFuture.completedFuture(dao);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          T found = lookup.get();
          cache.set(found);
          return found;
        });
  }

  /** For tests with a session of their own. */
  CassandraDeliveryStore(
      DeliveriesDao dao, DeliveryMarksDao marks, ConsistencyLevels levels, int stateTtlSeconds) {
    this.daos = () -> dao;
    this.markDaos = () -> marks;
    this.levels = levels;
    this.stateTtlSeconds = stateTtlSeconds;
  }

  @Override
  public CompletionStage<BucketMarks> marks(DeliveryKey key) {
    return CassandraErrors.async(
        () ->
            marksDao()
                .thenCompose(
                    dao ->
                        dao.execute(
                            dao.marks(key).setConsistencyLevel(levels.read(key.consistency()))))
                .thenApply(DeliveryMarksDao::toMarks));
  }

  @Override
  public CompletionStage<Void> settleTo(DeliveryKey key, long settledTo, long deadBefore) {
    return marksWrite(dao -> dao.settleTo(key, settledTo, deadBefore), key);
  }

  @Override
  public CompletionStage<Void> reopen(DeliveryKey key, UUID token) {
    return marksWrite(dao -> dao.reopen(key, token, stateTtlSeconds), key);
  }

  @Override
  public CompletionStage<Void> close(DeliveryKey key, UUID token) {
    return marksWrite(dao -> dao.close(key, token, stateTtlSeconds), key);
  }

  private CompletionStage<Void> marksWrite(
      java.util.function.Function<DeliveryMarksDao, Statement<?>> s, DeliveryKey key) {
    return CassandraErrors.async(
        () ->
            marksDao()
                .thenCompose(
                    dao ->
                        dao.execute(
                            s.apply(dao).setConsistencyLevel(levels.write(key.consistency()))))
                .thenAccept(done -> {}));
  }

  @Override
  public CompletionStage<Cursor> cursor(DeliveryKey key, boolean serial) {
    return read(key, serial, dao -> dao.cursor(key))
        .thenApply(rows -> DeliveriesDao.toCursor(rows.one()));
  }

  @Override
  public CompletionStage<List<Lease>> leasesAfter(
      DeliveryKey key, Optional<MessageId> after, int limit) {
    return read(key, false, dao -> dao.leasesAfter(key, after, limit)).thenApply(this::leasesOf);
  }

  @Override
  public CompletionStage<List<Lease>> leases(DeliveryKey key, List<MessageId> ids, boolean serial) {
    if (ids.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return read(key, serial, dao -> dao.leases(key, ids)).thenApply(this::leasesOf);
  }

  /** One page is enough: every read here is limited to what one page holds. */
  private List<Lease> leasesOf(AsyncResultSet rows) {
    var leases = new ArrayList<Lease>();
    for (Row row : rows.currentPage()) {
      DeliveriesDao.toLease(row).ifPresent(leases::add);
    }
    return leases;
  }

  @Override
  public CompletionStage<Boolean> commit(ClaimCommit commit) {
    return conditional(
        dao -> {
          DeliveryKey key = commit.key();
          BatchStatementBuilder batch =
              BatchStatement.builder(BatchType.UNLOGGED)
                  .addStatement(
                      dao.setCursor(
                          key, commit.expectedToken(), commit.next(), commit.ttlSeconds()));
          for (LeaseWrite write : commit.writes()) {
            batch.addStatement(
                write.expected().isPresent()
                    ? dao.existingLease(
                        key, write.expected().get(), write.next(), commit.ttlSeconds())
                    : dao.freshLease(key, write.next(), commit.ttlSeconds()));
          }
          return batch.build();
        },
        commit.key());
  }

  @Override
  public CompletionStage<Boolean> ackIf(DeliveryKey key, MessageId id, UUID lease, Instant at) {
    return conditional(dao -> dao.ackIf(key, id, lease, at, stateTtlSeconds), key);
  }

  /** One conditional batch: Paxos on one partition applies all its conditions or none. */
  @Override
  public CompletionStage<Boolean> ackAllIf(
      DeliveryKey key, Map<MessageId, UUID> leases, Instant at) {
    return conditional(
        dao -> {
          BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
          leases.forEach(
              (id, lease) -> batch.addStatement(dao.ackIf(key, id, lease, at, stateTtlSeconds)));
          return batch.build();
        },
        key);
  }

  @Override
  public CompletionStage<Void> ack(DeliveryKey key, List<MessageId> ids, Instant at) {
    return CassandraErrors.async(
        () ->
            dao()
                .thenCompose(
                    dao -> {
                      BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
                      for (MessageId id : ids) {
                        batch.addStatement(dao.ack(key, id, at, stateTtlSeconds));
                      }
                      return dao.execute(
                              batch
                                  .build()
                                  .setIdempotent(true)
                                  .setConsistencyLevel(levels.write(key.consistency())))
                          .thenAccept(done -> {});
                    }));
  }

  @Override
  public CompletionStage<Boolean> releaseIf(
      DeliveryKey key, MessageId id, UUID lease, UUID newLease, Instant deadline) {
    return conditional(
        dao -> dao.releaseIf(key, id, lease, newLease, deadline, stateTtlSeconds), key);
  }

  @Override
  public CompletionStage<Boolean> extendIf(
      DeliveryKey key, MessageId id, UUID lease, Instant now, Instant deadline) {
    return conditional(dao -> dao.extendIf(key, id, lease, now, deadline, stateTtlSeconds), key);
  }

  private CompletionStage<AsyncResultSet> read(
      DeliveryKey key, boolean serial, java.util.function.Function<DeliveriesDao, Statement<?>> s) {
    return CassandraErrors.async(
        () ->
            dao()
                .thenCompose(
                    dao -> {
                      ConsistencyLevel level =
                          serial ? serialLevel(key) : levels.read(key.consistency());
                      return dao.execute(s.apply(dao).setConsistencyLevel(level));
                    }));
  }

  private CompletionStage<Boolean> conditional(
      java.util.function.Function<DeliveriesDao, Statement<?>> s, DeliveryKey key) {
    return dao()
        .handle(
            (dao, notConnected) -> {
              if (notConnected != null) {
                return CompletableFuture.<Boolean>failedFuture(
                    CassandraErrors.translate(notConnected));
              }
              Statement<?> statement;
              try {
                statement =
                    s.apply(dao)
                        .setConsistencyLevel(commitLevel(key))
                        .setSerialConsistencyLevel(serialLevel(key))
                        .setIdempotent(false);
              } catch (RuntimeException notSent) {
                return CompletableFuture.<Boolean>failedFuture(CassandraErrors.translate(notSent));
              }
              return dao.execute(statement)
                  .handle(
                      (rows, failure) -> {
                        if (failure == null) {
                          return rows.wasApplied();
                        }
                        throw unknownUnlessNotSent(failure);
                      });
            })
        .thenCompose(stage -> stage);
  }

  /**
   * A conditional write that surely never reached a coordinator, or was refused as invalid, did
   * nothing; after anything else (timeouts, a coordinator lost mid-way) it may have been applied.
   */
  private static RuntimeException unknownUnlessNotSent(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof NoNodeAvailableException
        || cause instanceof RequestThrottlingException
        || cause instanceof QueryValidationException) {
      return CassandraErrors.translate(cause);
    }
    return new OutcomeUnknown(cause);
  }

  /** Paxos commits at the queue's write level; EACH_QUORUM is not one a Paxos commit takes. */
  private ConsistencyLevel commitLevel(DeliveryKey key) {
    ConsistencyLevel write = levels.write(key.consistency());
    return write == DefaultConsistencyLevel.EACH_QUORUM ? DefaultConsistencyLevel.QUORUM : write;
  }

  private ConsistencyLevel serialLevel(DeliveryKey key) {
    ConsistencyLevel write = levels.write(key.consistency());
    return write == DefaultConsistencyLevel.LOCAL_QUORUM
        ? DefaultConsistencyLevel.LOCAL_SERIAL
        : DefaultConsistencyLevel.SERIAL;
  }
}
