package io.queuey.queues.storage;

import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.cassandra.ConsistencyLevels;
import io.queuey.queues.control.QueueStore;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Queue metadata in Cassandra's {@code queues} table. Its calls block the request thread, so a
 * bulkhead bounds how many threads a slow Cassandra can hold (configurable as {@code
 * io.queuey.queues.storage.CassandraQueueStore/Bulkhead/value}); past it, calls fail fast.
 */
@ApplicationScoped
@Bulkhead(64)
@Typed(CassandraQueueStore.class)
public class CassandraQueueStore implements QueueStore {

  /** How many buckets a listing reads at once. */
  private static final int LIST_WINDOW = 8;

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

  @Override
  public boolean create(Queue queue) {
    return call(
        () ->
            dao()
                .insertIfNotExists(
                    queue, QueueBuckets.of(queue.name(), buckets), consistencyLevels.metadata()));
  }

  @Override
  public boolean update(Queue queue) {
    return call(
        () ->
            dao()
                .updateIfSameIncarnation(
                    queue, QueueBuckets.of(queue.name(), buckets), consistencyLevels.metadata()));
  }

  @Override
  public void delete(Queue queue) {
    call(
        () ->
            dao()
                .deleteIfSameIncarnation(
                    queue, QueueBuckets.of(queue.name(), buckets), consistencyLevels.metadata()));
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
          while (bucket < buckets && page.size() < limit) {
            int wanted = limit - page.size();
            var window = new ArrayList<CompletableFuture<List<Queue>>>(LIST_WINDOW);
            for (int i = 0; i < LIST_WINDOW && bucket < buckets; i++, bucket++) {
              window.add(
                  dao()
                      .page(application, bucket, from, wanted, consistencyLevels.metadata())
                      .toCompletableFuture());
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
