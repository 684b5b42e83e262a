package io.queuey.dedup.storage;

import io.queuey.dedup.control.DedupStore;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.dedup.entity.Original;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in this JVM's memory, for tests and the dev mode; expired keys are replaced on claim. */
@ApplicationScoped
@Typed(InMemoryDedupStore.class)
public class InMemoryDedupStore implements DedupStore {

  private record Entry(Original original, Instant expires) {}

  private record Key(UUID queueId, IdempotencyKey key) {}

  private final Map<Key, Entry> keys = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryDedupStore() {
    this(Clock.systemUTC());
  }

  InMemoryDedupStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Optional<Original>> claim(
      UUID queueId, IdempotencyKey key, Original candidate, int windowSeconds) {
    Instant now = clock.instant();
    Entry mine = new Entry(candidate, now.plusSeconds(windowSeconds));
    Entry stored =
        keys.compute(
            new Key(queueId, key),
            (k, current) -> current == null || !current.expires().isAfter(now) ? mine : current);
    return CompletableFuture.completedFuture(
        stored == mine ? Optional.empty() : Optional.of(stored.original()));
  }

  @Override
  public CompletionStage<Void> forget(UUID queueId, IdempotencyKey key, Original mine) {
    keys.computeIfPresent(
        new Key(queueId, key), (k, current) -> current.original().equals(mine) ? null : current);
    return CompletableFuture.completedFuture(null);
  }
}
