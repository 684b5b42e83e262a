package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessageIdGeneratorTest {

  @Test
  void generatedIdsAreVersion1OfTheIetfVariantWithAMulticastNode() {
    MessageId id = new MessageIdGenerator().next();

    assertEquals(1, id.uuid().version());
    assertEquals(2, id.uuid().variant());
    assertEquals(1L, (id.uuid().node() >>> 40) & 1L, "multicast bit of the node");
  }

  @Test
  void generatedIdsCarryTheCurrentTime() {
    long before = System.currentTimeMillis();
    MessageId id = new MessageIdGenerator().next();
    long after = System.currentTimeMillis();

    long millis = id.timestamp().epochMillis();
    assertTrue(millis >= before - 1 && millis <= after + 1, id.timestamp().wire());
  }

  @Test
  void oneGeneratorKeepsItsClockSequenceAndNode() {
    MessageIdGenerator generator = new MessageIdGenerator();

    long first = generator.next().uuid().getLeastSignificantBits();
    for (int i = 0; i < 100; i++) {
      assertEquals(first, generator.next().uuid().getLeastSignificantBits());
    }
  }

  @Test
  void separateGeneratorsChooseDifferentNodes() {
    Set<Long> clockSeqAndNodes = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      clockSeqAndNodes.add(new MessageIdGenerator().next().uuid().getLeastSignificantBits());
    }

    assertEquals(20, clockSeqAndNodes.size());
  }

  @Test
  void generatedIdsAreStrictlyIncreasingEvenWithinOneTick() {
    MessageIdGenerator generator = new MessageIdGenerator();
    MessageId previous = generator.next();
    for (int i = 0; i < 100_000; i++) {
      MessageId next = generator.next();
      assertTrue(previous.compareTo(next) < 0, previous + " then " + next);
      assertTrue(previous.timestamp().compareTo(next.timestamp()) < 0);
      previous = next;
    }
  }

  @Test
  void generatedIdsAreStrictlyIncreasingUnderContention() throws Exception {
    MessageIdGenerator generator = new MessageIdGenerator();
    int threads = 8;
    int idsPerThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<MessageId>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<MessageId>> task =
            () -> {
              start.await();
              List<MessageId> ids = new ArrayList<>(idsPerThread);
              for (int i = 0; i < idsPerThread; i++) {
                ids.add(generator.next());
              }
              return ids;
            };
        results.add(pool.submit(task));
      }
      start.countDown();

      Set<MessageId> all = new HashSet<>();
      for (Future<List<MessageId>> result : results) {
        List<MessageId> ids = result.get();
        for (int i = 1; i < ids.size(); i++) {
          assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "each thread sees ids rise");
        }
        all.addAll(ids);
      }
      assertEquals(threads * idsPerThread, all.size(), "no id is handed out twice");
      Set<Timestamp> times = new HashSet<>();
      all.forEach(id -> times.add(id.timestamp()));
      assertEquals(all.size(), times.size(), "no two ids share a tick");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRunOfIdsIsConsecutiveWithinOneSecond() {
    long second = 1_700_000_000L * Timestamp.TICKS_PER_SECOND;
    var generator = new MessageIdGenerator(() -> second + 42);

    List<MessageId> run = generator.next(1000);

    assertEquals(1000, run.size());
    for (int i = 0; i < run.size(); i++) {
      assertEquals(second + 42 + i, run.get(i).timestamp().ticks());
    }
  }

  @Test
  void aRunThatWouldCrossASecondStartsAtTheNextOne() {
    long nextSecond = 1_700_000_001L * Timestamp.TICKS_PER_SECOND;
    var generator = new MessageIdGenerator(() -> nextSecond - 10);

    List<MessageId> run = generator.next(100);

    assertEquals(nextSecond, run.get(0).timestamp().ticks());
    assertEquals(nextSecond + 99, run.get(99).timestamp().ticks());
    assertTrue(
        generator.next().timestamp().ticks() > nextSecond + 99,
        "the ids after a run come after it, although the clock is behind");
  }

  @Test
  void aRunOfOneIsTheCurrentTickWhenItIsFree() {
    long now = 1_700_000_001L * Timestamp.TICKS_PER_SECOND - 1;
    var generator = new MessageIdGenerator(() -> now);

    assertEquals(now, generator.next(1).get(0).timestamp().ticks());
    assertEquals(now + 1, generator.next().timestamp().ticks());
  }
}
