package io.queuey.groups.storage;

import io.queuey.groups.control.DeliveryStore;
import io.queuey.groups.entity.BucketMarks;
import io.queuey.groups.entity.ClaimCommit;
import io.queuey.groups.entity.Cursor;
import io.queuey.groups.entity.DeliveryKey;
import io.queuey.groups.entity.Lease;
import io.queuey.groups.entity.LeaseWrite;
import io.queuey.messages.entity.MessageId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deliveries in this JVM's memory, for tests and the dev mode: each key's state behind one lock,
 * which makes every conditional write atomic as Paxos makes it per Cassandra partition. Nothing
 * expires (dev data does not live long).
 */
@ApplicationScoped
@Typed(InMemoryDeliveryStore.class)
public class InMemoryDeliveryStore implements DeliveryStore {

  private static final class State {
    Cursor cursor = Cursor.EMPTY;
    final TreeMap<MessageId, Lease> leases = new TreeMap<>();
  }

  private final Map<DeliveryKey, State> states = new ConcurrentHashMap<>();

  private static final class Marks {
    Optional<Long> settledTo = Optional.empty();
    long deadBefore;
    final TreeMap<Long, UUID> reopened = new TreeMap<>();
    final Map<Long, UUID> closed = new java.util.HashMap<>();
  }

  private final Map<DeliveryKey, Marks> marks = new ConcurrentHashMap<>();

  private State state(DeliveryKey key) {
    if (!key.hasBucket()) {
      throw new IllegalArgumentException("lease state lives in a bucket: " + key);
    }
    return states.computeIfAbsent(key, absent -> new State());
  }

  private Marks marksOf(DeliveryKey key) {
    return marks.computeIfAbsent(key.inBucket(DeliveryKey.ALL_BUCKETS), absent -> new Marks());
  }

  @Override
  public CompletionStage<BucketMarks> marks(DeliveryKey key) {
    Marks state = marksOf(key);
    synchronized (state) {
      var open = new TreeMap<Long, UUID>();
      state.reopened.forEach(
          (bucket, token) -> {
            if (!token.equals(state.closed.get(bucket))) {
              open.put(bucket, token);
            }
          });
      return CompletableFuture.completedFuture(
          new BucketMarks(state.settledTo, state.deadBefore, open));
    }
  }

  @Override
  public CompletionStage<Void> settleTo(DeliveryKey key, long settledTo, long deadBefore) {
    Marks state = marksOf(key);
    synchronized (state) {
      if (state.settledTo.isEmpty() || state.settledTo.get() < settledTo) {
        state.settledTo = Optional.of(settledTo);
        state.deadBefore = deadBefore;
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public CompletionStage<Void> reopen(DeliveryKey key, UUID token) {
    Marks state = marksOf(key);
    synchronized (state) {
      state.reopened.put(key.bucket(), token);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public CompletionStage<Void> close(DeliveryKey key, UUID token) {
    Marks state = marksOf(key);
    synchronized (state) {
      state.closed.put(key.bucket(), token);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public CompletionStage<Cursor> cursor(DeliveryKey key, boolean serial) {
    State state = state(key);
    synchronized (state) {
      return CompletableFuture.completedFuture(state.cursor);
    }
  }

  @Override
  public CompletionStage<List<Lease>> leasesAfter(
      DeliveryKey key, Optional<MessageId> after, int limit) {
    State state = state(key);
    synchronized (state) {
      var rows = new ArrayList<Lease>();
      var view = after.isPresent() ? state.leases.tailMap(after.get(), false) : state.leases;
      for (Lease lease : view.values()) {
        if (rows.size() >= limit) {
          break;
        }
        rows.add(lease);
      }
      return CompletableFuture.completedFuture(rows);
    }
  }

  @Override
  public CompletionStage<List<Lease>> leases(DeliveryKey key, List<MessageId> ids, boolean serial) {
    State state = state(key);
    synchronized (state) {
      var rows = new TreeMap<MessageId, Lease>();
      for (MessageId id : ids) {
        Lease lease = state.leases.get(id);
        if (lease != null) {
          rows.put(id, lease);
        }
      }
      return CompletableFuture.completedFuture(new ArrayList<>(rows.values()));
    }
  }

  @Override
  public CompletionStage<Boolean> commit(ClaimCommit commit) {
    State state = state(commit.key());
    synchronized (state) {
      if (!state.cursor.token().equals(commit.expectedToken())) {
        return CompletableFuture.completedFuture(false);
      }
      for (LeaseWrite write : commit.writes()) {
        if (write.expected().isPresent()
            && !isCurrent(state, write.next().messageId(), write.expected().get())) {
          return CompletableFuture.completedFuture(false);
        }
      }
      for (LeaseWrite write : commit.writes()) {
        Lease before = state.leases.get(write.next().messageId());
        Lease next = write.next();
        if (before != null && write.expected().isEmpty()) {
          next =
              new Lease(
                  next.messageId(),
                  next.lease(),
                  next.deadline(),
                  next.deliveries(),
                  before.ackedAt(),
                  before.deadAt(),
                  false);
        }
        state.leases.put(next.messageId(), next);
      }
      state.cursor = commit.next();
      return CompletableFuture.completedFuture(true);
    }
  }

  private static boolean isCurrent(State state, MessageId id, UUID lease) {
    Lease row = state.leases.get(id);
    return row != null && row.lease().equals(lease) && row.ackedAt().isEmpty();
  }

  @Override
  public CompletionStage<Boolean> ackIf(DeliveryKey key, MessageId id, UUID lease, Instant at) {
    State state = state(key);
    synchronized (state) {
      Lease row = state.leases.get(id);
      if (row == null || !row.lease().equals(lease)) {
        return CompletableFuture.completedFuture(false);
      }
      state.leases.put(id, acked(row, at));
      return CompletableFuture.completedFuture(true);
    }
  }

  @Override
  public CompletionStage<Boolean> ackAllIf(
      DeliveryKey key, Map<MessageId, UUID> leases, Instant at) {
    State state = state(key);
    synchronized (state) {
      for (var entry : leases.entrySet()) {
        Lease row = state.leases.get(entry.getKey());
        if (row == null || !row.lease().equals(entry.getValue())) {
          return CompletableFuture.completedFuture(false);
        }
      }
      leases.keySet().forEach(id -> state.leases.put(id, acked(state.leases.get(id), at)));
      return CompletableFuture.completedFuture(true);
    }
  }

  private static Lease acked(Lease row, Instant at) {
    return new Lease(
        row.messageId(),
        row.lease(),
        row.deadline(),
        row.deliveries(),
        Optional.of(at),
        row.deadAt(),
        row.gone());
  }

  @Override
  public CompletionStage<Void> ack(DeliveryKey key, List<MessageId> ids, Instant at) {
    State state = state(key);
    synchronized (state) {
      for (MessageId id : ids) {
        Lease row = state.leases.get(id);
        if (row != null) {
          state.leases.put(id, acked(row, at));
        }
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public CompletionStage<Boolean> releaseIf(
      DeliveryKey key, MessageId id, UUID lease, UUID newLease, Instant deadline) {
    State state = state(key);
    synchronized (state) {
      if (!isCurrent(state, id, lease)) {
        return CompletableFuture.completedFuture(false);
      }
      Lease row = state.leases.get(id);
      state.leases.put(
          id,
          new Lease(
              id, newLease, deadline, row.deliveries(), row.ackedAt(), row.deadAt(), row.gone()));
      return CompletableFuture.completedFuture(true);
    }
  }

  @Override
  public CompletionStage<Boolean> extendIf(
      DeliveryKey key, MessageId id, UUID lease, Instant now, Instant deadline) {
    State state = state(key);
    synchronized (state) {
      if (!isCurrent(state, id, lease) || !state.leases.get(id).deadline().isAfter(now)) {
        return CompletableFuture.completedFuture(false);
      }
      Lease row = state.leases.get(id);
      state.leases.put(
          id,
          new Lease(
              id, lease, deadline, row.deliveries(), row.ackedAt(), row.deadAt(), row.gone()));
      return CompletableFuture.completedFuture(true);
    }
  }

  /** Forgets everything (the dev mode's queues come and go with the JVM). */
  void clear() {
    states.clear();
    marks.clear();
  }
}
