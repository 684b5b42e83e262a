package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {

  /** A write the test completes by hand, with what it was asked to write. */
  private record Sent(String key, List<String> items, CompletableFuture<Void> answer) {}

  private final List<Sent> sent = new ArrayList<>();

  private synchronized CompletionStage<Void> record(String key, List<String> items) {
    var write = new Sent(key, List.copyOf(items), new CompletableFuture<>());
    sent.add(write);
    return write.answer();
  }

  private WriteCoalescer<String, String> coalescer(int maxItems, long maxBytes) {
    return new WriteCoalescer<>(this::record, item -> item.length(), maxItems, maxBytes);
  }

  @Test
  void aWriteToAnIdleKeyIsSentAtOnceAlone() {
    var coalescer = coalescer(100, 10_000);
    CompletionStage<Void> answer = coalescer.write("p1", List.of("a"));
    assertEquals(1, sent.size());
    assertEquals(List.of("a"), sent.get(0).items());
    assertFalse(answer.toCompletableFuture().isDone());
    sent.get(0).answer().complete(null);
    assertTrue(answer.toCompletableFuture().isDone());
    assertEquals(0, coalescer.activeKeys());
  }

  @Test
  void writesArrivingWhileOneIsInFlightGoTogetherInArrivalOrderWhenItCompletes() {
    var coalescer = coalescer(100, 10_000);
    var first = coalescer.write("p1", List.of("a"));
    var second = coalescer.write("p1", List.of("b", "c"));
    var third = coalescer.write("p1", List.of("d"));
    assertEquals(1, sent.size(), "nothing else goes while the first write is in flight");

    sent.get(0).answer().complete(null);
    assertTrue(first.toCompletableFuture().isDone());
    assertFalse(second.toCompletableFuture().isDone(), "acknowledged only after its own write");
    assertEquals(2, sent.size());
    assertEquals(List.of("b", "c", "d"), sent.get(1).items());

    sent.get(1).answer().complete(null);
    assertTrue(second.toCompletableFuture().isDone());
    assertTrue(third.toCompletableFuture().isDone());
    assertEquals(0, coalescer.activeKeys());
  }

  @Test
  void differentKeysAreNeverGatheredTogether() {
    var coalescer = coalescer(100, 10_000);
    coalescer.write("p1", List.of("a"));
    coalescer.write("p2", List.of("b"));
    coalescer.write("p1", List.of("c"));
    coalescer.write("p2", List.of("d"));
    assertEquals(2, sent.size(), "each idle key's first write goes at once");
    sent.get(0).answer().complete(null);
    sent.get(1).answer().complete(null);
    assertEquals(4, sent.size());
    assertEquals("p1", sent.get(2).key());
    assertEquals(List.of("c"), sent.get(2).items());
    assertEquals("p2", sent.get(3).key());
    assertEquals(List.of("d"), sent.get(3).items());
  }

  @Test
  void aFailedCoalescedWriteFailsEachOfItsRequestsAndNoOther() {
    var coalescer = coalescer(100, 10_000);
    var first = coalescer.write("p1", List.of("a"));
    var second = coalescer.write("p1", List.of("b"));
    var third = coalescer.write("p1", List.of("c"));
    sent.get(0).answer().complete(null);
    var fourthArrivesDuringTheSecondWrite = coalescer.write("p1", List.of("d"));

    var failure = new IllegalStateException("batch timed out");
    sent.get(1).answer().completeExceptionally(failure);

    assertSucceeded(first);
    assertFailedWith(failure, second);
    assertFailedWith(failure, third);
    assertFalse(fourthArrivesDuringTheSecondWrite.toCompletableFuture().isDone());
    assertEquals(List.of("d"), sent.get(2).items(), "the next write still goes after a failure");
    sent.get(2).answer().complete(null);
    assertSucceeded(fourthArrivesDuringTheSecondWrite);
  }

  @Test
  void aSendThatThrowsFailsOnlyItsRequests() {
    var coalescer =
        new WriteCoalescer<String, String>(
            (key, items) -> {
              throw new IllegalArgumentException("cannot bind");
            },
            String::length,
            10,
            100);
    var answer = coalescer.write("p1", List.of("a"));
    assertTrue(answer.toCompletableFuture().isCompletedExceptionally());
    assertEquals(0, coalescer.activeKeys());
  }

  @Test
  void aGatheredWriteKeepsToTheCapsAndLeavesTheRestForTheNext() {
    var coalescer = coalescer(3, 10_000);
    coalescer.write("p1", List.of("a"));
    coalescer.write("p1", List.of("b", "c"));
    coalescer.write("p1", List.of("d", "e"));
    coalescer.write("p1", List.of("f"));
    sent.get(0).answer().complete(null);
    assertEquals(List.of("b", "c"), sent.get(1).items(), "d and e would make 4 items");
    sent.get(1).answer().complete(null);
    assertEquals(List.of("d", "e", "f"), sent.get(2).items());
  }

  @Test
  void theByteCapCountsTheItemsEstimatedSizes() {
    var coalescer = coalescer(100, 5);
    coalescer.write("p1", List.of("x"));
    coalescer.write("p1", List.of("aaa"));
    coalescer.write("p1", List.of("bb"));
    coalescer.write("p1", List.of("cc"));
    sent.get(0).answer().complete(null);
    assertEquals(List.of("aaa", "bb"), sent.get(1).items());
  }

  @Test
  void aRequestOverTheCapsGoesAlone() {
    var coalescer = coalescer(2, 10_000);
    coalescer.write("p1", List.of("a"));
    coalescer.write("p1", List.of("b", "c", "d"));
    coalescer.write("p1", List.of("e"));
    sent.get(0).answer().complete(null);
    assertEquals(List.of("b", "c", "d"), sent.get(1).items());
    sent.get(1).answer().complete(null);
    assertEquals(List.of("e"), sent.get(2).items());
  }

  @Test
  void concurrentWritersAreEachAnsweredOnceAndEveryItemIsWrittenOnceInOrderPerWriter()
      throws Exception {
    int writers = 8;
    int perWriter = 500;
    var inFlight = new AtomicInteger();
    var overlapping = new AtomicInteger();
    List<String> written = new ArrayList<>();
    ExecutorService completer = Executors.newSingleThreadExecutor();
    var coalescer =
        new WriteCoalescer<String, String>(
            (key, items) -> {
              if (inFlight.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
              }
              synchronized (written) {
                written.addAll(items);
              }
              // Completes on another thread, as the driver does.
              return CompletableFuture.runAsync(inFlight::decrementAndGet, completer);
            },
            String::length,
            50,
            10_000);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    var start = new CountDownLatch(1);
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    List<java.util.concurrent.Future<List<CompletableFuture<Void>>>> perThread = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      perThread.add(
          pool.submit(
              () -> {
                start.await();
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                  mine.add(coalescer.write("p1", List.of(writer + ":" + i)).toCompletableFuture());
                }
                return mine;
              }));
    }
    start.countDown();
    for (var future : perThread) {
      answers.addAll(future.get(30, TimeUnit.SECONDS));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    pool.shutdown();
    completer.shutdown();

    assertEquals(0, overlapping.get(), "one write per key in flight at a time");
    assertEquals(writers * perWriter, written.size());
    assertEquals(writers * perWriter, written.stream().distinct().count());
    for (int w = 0; w < writers; w++) {
      String prefix = w + ":";
      List<Integer> order =
          written.stream()
              .filter(item -> item.startsWith(prefix))
              .map(item -> Integer.parseInt(item.substring(prefix.length())))
              .toList();
      for (int i = 0; i < order.size(); i++) {
        assertEquals(i, order.get(i), "writer " + w + "'s items in the order it wrote them");
      }
    }
    assertEquals(0, coalescer.activeKeys());
  }

  private static void assertSucceeded(CompletionStage<Void> answer) {
    assertTrue(answer.toCompletableFuture().isDone());
    assertFalse(answer.toCompletableFuture().isCompletedExceptionally());
  }

  private static void assertFailedWith(Throwable failure, CompletionStage<Void> answer) {
    var future = answer.toCompletableFuture();
    assertTrue(future.isCompletedExceptionally());
    try {
      future.join();
    } catch (CompletionException thrown) {
      assertSame(failure, thrown.getCause());
    }
  }
}
