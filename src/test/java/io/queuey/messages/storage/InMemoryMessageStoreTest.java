package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.queuey.messages.control.MessageStore;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.NewMessage;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.ReadRequest;
import io.queuey.messages.entity.Ttl;
import io.queuey.queues.entity.Queue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMessageStoreTest extends MessageStoreContract {

  private final InMemoryMessageStore store = new InMemoryMessageStore();

  @Override
  protected MessageStore store() {
    return store;
  }

  @Test
  void messageIsLiveUntilTheLastInstantOfItsTtl() {
    var clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));
    var store = new InMemoryMessageStore(clock);
    Queue queue = queue(1);
    var message = new NewMessage(idAt(START), Partition.FIRST, "b", TEXT, Ttl.of(60));
    await(store.post(queue, List.of(message)));

    clock.now = clock.now.plusSeconds(60).minusNanos(1);
    assertEquals(
        1, await(store.read(queue, Partition.FIRST, ReadRequest.of(10, Order.ASCENDING))).size());

    clock.now = clock.now.plusNanos(1);
    assertEquals(
        List.of(), await(store.read(queue, Partition.FIRST, ReadRequest.of(10, Order.ASCENDING))));
    assertEquals(List.of(), await(store.fetch(queue, List.of(message.ref()))));
    assertEquals(0L, await(store.count(queue)));
  }

  @Test
  void sweepForgetsExpiredMessagesButKeepsLiveOnes() {
    var clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));
    var store = new InMemoryMessageStore(clock);
    Queue queue = queue(1);
    var brief = new NewMessage(idAt(at(0)), Partition.FIRST, "brief", TEXT, Ttl.of(1));
    var lasting = new NewMessage(idAt(at(1)), Partition.FIRST, "lasting", TEXT, Ttl.of(3_600));
    await(store.post(queue, List.of(brief, lasting)));

    clock.now = clock.now.plus(Duration.ofMinutes(2));
    // Overwriting an expired message after the sweep creates it anew rather than reviving it.
    await(store.count(queue));
    await(
        store.overwrite(
            queue, List.of(new MessageRef(Partition.FIRST, brief.id())), "again", null, Ttl.of(5)));

    assertEquals(
        List.of(brief.id(), lasting.id()),
        idsOf(await(store.read(queue, Partition.FIRST, ReadRequest.of(10, Order.ASCENDING)))));
  }

  private static final class SettableClock extends Clock {

    Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
