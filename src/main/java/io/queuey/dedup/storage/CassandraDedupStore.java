package io.queuey.dedup.storage;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.dedup.control.DedupStore;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import io.queuey.errors.OutcomeUnknown;
import io.queuey.errors.StorageUnavailable;
import io.queuey.queues.storage.ConsistencyLevels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keys in Cassandra: one lightweight transaction per keyed message. When its outcome is unknown,
 * the row read at SERIAL tells: it carries our message id exactly when our insert won.
 */
@ApplicationScoped
@Typed(CassandraDedupStore.class)
public class CassandraDedupStore implements DedupStore {

  @Inject CassandraConnection connection;
  @Inject ConsistencyLevels levels;

  private final Supplier<IdempotencyKeysDao> daos =
      () ->
          connection.dao(
              IdempotencyKeysDao.class,
              session -> new IdempotencyKeysDao(session, connection.keyspace()));

  @Override
  public CompletionStage<Optional<Original>> claim(
      UUID queueId, IdempotencyKey key, Original candidate, int windowSeconds) {
    return CassandraErrors.async(
        () -> {
          IdempotencyKeysDao dao = daos.get();
          return dao.execute(
                  dao.insert(queueId, key, candidate, windowSeconds)
                      .setConsistencyLevel(levels.metadata())
                      .setSerialConsistencyLevel(serial()))
              .handle(
                  (rows, failure) -> {
                    if (failure == null) {
                      return CompletableFuture.completedFuture(
                          rows.wasApplied()
                              ? Optional.<Original>empty()
                              : IdempotencyKeysDao.toOriginal(rows.one()));
                    }
                    if (notSent(failure)) {
                      return CompletableFuture.<Optional<Original>>failedFuture(failure);
                    }
                    return resolve(dao, queueId, key, candidate, failure);
                  })
              .thenCompose(Function.identity());
        });
  }

  private CompletionStage<Optional<Original>> resolve(
      IdempotencyKeysDao dao,
      UUID queueId,
      IdempotencyKey key,
      Original candidate,
      Throwable failure) {
    return dao.execute(dao.select(queueId, key).setConsistencyLevel(serial()))
        .thenApply(
            rows -> {
              Optional<Original> stored = IdempotencyKeysDao.toOriginal(rows.one());
              if (stored.isEmpty()) {
                throw new OutcomeUnknown(failure);
              }
              return stored.get().messageId().equals(candidate.messageId())
                  ? Optional.<Original>empty()
                  : stored;
            });
  }

  @Override
  public CompletionStage<Void> forget(UUID queueId, IdempotencyKey key, Original mine) {
    return CassandraErrors.async(
        () -> {
          IdempotencyKeysDao dao = daos.get();
          return dao.execute(
                  dao.delete(queueId, key, mine)
                      .setConsistencyLevel(levels.metadata())
                      .setSerialConsistencyLevel(serial()))
              .thenAccept(done -> {});
        });
  }

  private static boolean notSent(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof NoNodeAvailableException
        || cause instanceof RequestThrottlingException
        || cause instanceof QueryValidationException
        || cause instanceof StorageUnavailable;
  }

  private ConsistencyLevel serial() {
    return levels.metadata() == DefaultConsistencyLevel.LOCAL_QUORUM
        ? DefaultConsistencyLevel.LOCAL_SERIAL
        : DefaultConsistencyLevel.SERIAL;
  }
}
