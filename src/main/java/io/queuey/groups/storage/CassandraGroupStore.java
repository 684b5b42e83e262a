package io.queuey.groups.storage;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.queuey.cassandra.CassandraConnection;
import io.queuey.cassandra.CassandraErrors;
import io.queuey.groups.control.GroupStore;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import io.queuey.queues.storage.ConsistencyLevels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group settings in Cassandra's {@code consumer_groups}, at the metadata level. A create whose
 * outcome is unknown is resolved by reading the row at SERIAL (it is ours if it carries our group
 * id); other changes that time out are a 503 the client may repeat.
 */
@ApplicationScoped
@Typed(CassandraGroupStore.class)
public class CassandraGroupStore implements GroupStore {

  @Inject CassandraConnection connection;
  @Inject ConsistencyLevels levels;

  private Supplier<GroupsDao> daos =
      () ->
          connection.dao(GroupsDao.class, session -> new GroupsDao(session, connection.keyspace()));

  /** For CDI. */
  public CassandraGroupStore() {}

  @Override
  public CompletionStage<Boolean> create(Group group) {
    return CassandraErrors.async(() -> conditional(dao -> dao.insert(group)))
        .handle(
            (created, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(created);
              }
              return read(dao -> dao.selectOne(group.queueId(), group.name()), true)
                  .thenApply(
                      rows ->
                          GroupsDao.toGroup(rows.one())
                              .map(found -> found.id().equals(group.id()))
                              .orElse(false));
            })
        .thenCompose(Function.identity());
  }

  @Override
  public CompletionStage<Optional<Group>> find(UUID queueId, GroupName name) {
    return read(dao -> dao.selectOne(queueId, name), false)
        .thenApply(rows -> GroupsDao.toGroup(rows.one()));
  }

  @Override
  public CompletionStage<List<Group>> list(UUID queueId) {
    return read(dao -> dao.selectAll(queueId), false)
        .thenCompose(rows -> collect(rows, new ArrayList<>()));
  }

  private CompletionStage<List<Group>> collect(AsyncResultSet rows, List<Group> into) {
    for (Row row : rows.currentPage()) {
      GroupsDao.toGroup(row).ifPresent(into::add);
    }
    if (rows.hasMorePages()) {
      return CassandraErrors.translated(rows.fetchNextPage())
          .thenCompose(next -> collect(next, into));
    }
    return CompletableFuture.completedFuture(into);
  }

  @Override
  public CompletionStage<Boolean> update(Group group) {
    return CassandraErrors.async(() -> conditional(dao -> dao.update(group)));
  }

  @Override
  public CompletionStage<Boolean> seek(Group current, Group next) {
    return CassandraErrors.async(() -> conditional(dao -> dao.seek(current, next)));
  }

  @Override
  public CompletionStage<Boolean> delete(Group group) {
    return CassandraErrors.async(() -> conditional(dao -> dao.delete(group)));
  }

  @Override
  public CompletionStage<Void> deleteAll(UUID queueId) {
    return CassandraErrors.async(
        () ->
            daos.get()
                .execute(daos.get().deleteAll(queueId).setConsistencyLevel(levels.metadata()))
                .thenAccept(done -> {}));
  }

  private CompletionStage<AsyncResultSet> read(
      Function<GroupsDao, Statement<?>> statement, boolean serial) {
    return CassandraErrors.async(
        () -> {
          GroupsDao dao = daos.get();
          return dao.execute(
              statement.apply(dao).setConsistencyLevel(serial ? serialLevel() : levels.metadata()));
        });
  }

  private CompletionStage<Boolean> conditional(Function<GroupsDao, Statement<?>> statement) {
    GroupsDao dao = daos.get();
    return dao.execute(
            statement
                .apply(dao)
                .setConsistencyLevel(levels.metadata())
                .setSerialConsistencyLevel(serialLevel()))
        .thenApply(AsyncResultSet::wasApplied);
  }

  private com.datastax.oss.driver.api.core.ConsistencyLevel serialLevel() {
    return levels.metadata() == DefaultConsistencyLevel.LOCAL_QUORUM
        ? DefaultConsistencyLevel.LOCAL_SERIAL
        : DefaultConsistencyLevel.SERIAL;
  }
}
