package io.queuey.groups.storage;

import io.queuey.groups.control.GroupStore;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Group settings in this JVM's memory, for tests and the dev mode. */
@ApplicationScoped
@Typed(InMemoryGroupStore.class)
public class InMemoryGroupStore implements GroupStore {

  private final Map<UUID, ConcurrentSkipListMap<String, Group>> byQueue = new ConcurrentHashMap<>();

  private ConcurrentSkipListMap<String, Group> of(UUID queueId) {
    return byQueue.computeIfAbsent(queueId, absent -> new ConcurrentSkipListMap<>());
  }

  @Override
  public CompletionStage<Boolean> create(Group group) {
    return done(of(group.queueId()).putIfAbsent(group.name().value(), group) == null);
  }

  @Override
  public CompletionStage<Optional<Group>> find(UUID queueId, GroupName name) {
    return CompletableFuture.completedFuture(Optional.ofNullable(of(queueId).get(name.value())));
  }

  @Override
  public CompletionStage<List<Group>> list(UUID queueId) {
    return CompletableFuture.completedFuture(new ArrayList<>(of(queueId).values()));
  }

  @Override
  public CompletionStage<Boolean> update(Group group) {
    var groups = of(group.queueId());
    Group[] replaced = new Group[1];
    groups.computeIfPresent(
        group.name().value(),
        (name, current) -> {
          if (!current.id().equals(group.id())) {
            return current;
          }
          replaced[0] =
              current.withSettings(
                  group.visibilitySeconds(), group.maxDeliveries(), group.deadLetterQueue());
          return replaced[0];
        });
    return done(replaced[0] != null);
  }

  @Override
  public CompletionStage<Boolean> seek(Group current, Group next) {
    var groups = of(current.queueId());
    boolean[] moved = new boolean[1];
    groups.computeIfPresent(
        current.name().value(),
        (name, stored) -> {
          if (!stored.id().equals(current.id()) || stored.generation() != current.generation()) {
            return stored;
          }
          moved[0] = true;
          return stored.seekTo(next.start());
        });
    return done(moved[0]);
  }

  @Override
  public CompletionStage<Boolean> delete(Group group) {
    var groups = of(group.queueId());
    boolean[] deleted = new boolean[1];
    groups.computeIfPresent(
        group.name().value(),
        (name, stored) -> {
          if (!stored.id().equals(group.id())) {
            return stored;
          }
          deleted[0] = true;
          return null;
        });
    return done(deleted[0]);
  }

  @Override
  public CompletionStage<Void> deleteAll(UUID queueId) {
    byQueue.remove(queueId);
    return CompletableFuture.completedFuture(null);
  }

  private static CompletionStage<Boolean> done(boolean value) {
    return CompletableFuture.completedFuture(value);
  }
}
