package io.queuey.messages.storage;

import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.entity.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Messages in this JVM's memory, for tests and a quick dev mode: lost on restart, and as one
 * storage node it never needs a read delay. Thread-safe. TTLs run by the wall clock; expired
 * messages are invisible at once and swept from memory at most a minute later, on the next call.
 */
@ApplicationScoped
@Typed(InMemoryMessageStore.class)
public class InMemoryMessageStore implements MessageStore {

  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private record Stored(String body, String contentType, Instant expires) {

    boolean isLiveAt(Instant now) {
      return now.isBefore(expires);
    }
  }

  private final Clock clock;

  /** By queue incarnation, then partition; each partition sorted by id as Cassandra sorts it. */
  private final Map<UUID, Map<Partition, ConcurrentSkipListMap<MessageId, Stored>>> queues =
      new ConcurrentHashMap<>();

  private final AtomicReference<Instant> nextSweep;

  public InMemoryMessageStore() {
    this(Clock.systemUTC());
  }

  InMemoryMessageStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
  }

  @Override
  public CompletionStage<Void> post(Queue queue, List<NewMessage> messages) {
    Instant now = now();
    for (NewMessage message : messages) {
      store(queue, message, now);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<List<Message>> read(
      Queue queue, Partition partition, ReadRequest request) {
    Instant now = now();
    NavigableMap<MessageId, Stored> messages = partitionOf(queue, partition);
    MessageId lowest = request.lowestId();
    MessageId highest = request.highestId();
    if (messages == null || lowest.compareTo(highest) > 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    NavigableMap<MessageId, Stored> range = messages.subMap(lowest, true, highest, true);
    if (request.order() == Order.DESCENDING) {
      range = range.descendingMap();
    }
    List<Message> found = new ArrayList<>();
    var bound = new BytePages(request.maxBytes());
    for (Map.Entry<MessageId, Stored> entry : range.entrySet()) {
      if (found.size() == request.limit()) {
        break;
      }
      if (entry.getValue().isLiveAt(now)) {
        Message message = toMessage(entry.getKey(), partition, entry.getValue());
        if (!bound.take(message)) {
          break;
        }
        found.add(message);
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public CompletionStage<List<Message>> fetch(Queue queue, List<MessageRef> refs) {
    Instant now = now();
    List<Message> found = new ArrayList<>();
    for (MessageRef ref : refs) {
      NavigableMap<MessageId, Stored> messages = partitionOf(queue, ref.partition());
      Stored stored = messages == null ? null : messages.get(ref.id());
      if (stored != null && stored.isLiveAt(now)) {
        found.add(toMessage(ref.id(), ref.partition(), stored));
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public CompletionStage<Void> overwrite(
      Queue queue, List<MessageRef> refs, String body, String contentType, Ttl ttl) {
    Instant now = now();
    for (MessageRef ref : refs) {
      store(queue, new NewMessage(ref.id(), ref.partition(), body, contentType, ttl), now);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> delete(Queue queue, List<MessageRef> refs) {
    for (MessageRef ref : refs) {
      NavigableMap<MessageId, Stored> messages = partitionOf(queue, ref.partition());
      if (messages != null) {
        messages.remove(ref.id());
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Long> count(Queue queue) {
    Instant now = now();
    long count = 0;
    for (int number = 1; number <= queue.settings().partitions(); number++) {
      NavigableMap<MessageId, Stored> messages = partitionOf(queue, Partition.of(number));
      if (messages != null) {
        count += messages.values().stream().filter(stored -> stored.isLiveAt(now)).count();
      }
    }
    return CompletableFuture.completedFuture(count);
  }

  @Override
  public CompletionStage<Void> deleteAll(Queue queue) {
    queues.remove(queue.id());
    return CompletableFuture.completedFuture(null);
  }

  private void store(Queue queue, NewMessage message, Instant now) {
    queues
        .computeIfAbsent(queue.id(), id -> new ConcurrentHashMap<>())
        .computeIfAbsent(message.partition(), partition -> new ConcurrentSkipListMap<>())
        .put(
            message.id(),
            new Stored(
                message.body(), message.contentType(), now.plusSeconds(message.ttl().seconds())));
  }

  private NavigableMap<MessageId, Stored> partitionOf(Queue queue, Partition partition) {
    Map<Partition, ConcurrentSkipListMap<MessageId, Stored>> partitions = queues.get(queue.id());
    return partitions == null ? null : partitions.get(partition);
  }

  private static Message toMessage(MessageId id, Partition partition, Stored stored) {
    return new Message(id, partition, stored.body(), stored.contentType());
  }

  /** The time of a call; the first call after the sweep interval also sweeps. */
  private Instant now() {
    Instant now = clock.instant();
    Instant due = nextSweep.get();
    if (!now.isBefore(due) && nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
      sweep(now);
    }
    return now;
  }

  private void sweep(Instant now) {
    for (Map<Partition, ConcurrentSkipListMap<MessageId, Stored>> partitions : queues.values()) {
      for (ConcurrentSkipListMap<MessageId, Stored> messages : partitions.values()) {
        messages.values().removeIf(stored -> !stored.isLiveAt(now));
      }
    }
  }
}
