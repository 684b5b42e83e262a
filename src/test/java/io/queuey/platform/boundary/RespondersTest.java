package io.queuey.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RespondersTest {

  @Test
  void aLaterAnswerCompletesOnAResponderThread() throws Exception {
    var pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "responder-1"));
    try {
      var thread = new AtomicReference<String>();
      var storage = new CompletableFuture<String>();
      var answer =
          new Responders(pool)
              .offDriverThreads(storage)
              .thenApply(
                  value -> {
                    thread.set(Thread.currentThread().getName());
                    return value;
                  });
      storage.complete("stored");
      assertEquals("stored", answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("responder-1", thread.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAnswerThatIsThereAlreadyTakesNoHop() {
    var done = CompletableFuture.completedFuture("cached");
    var pool = Executors.newSingleThreadExecutor();
    try {
      assertSame(done, new Responders(pool).offDriverThreads(done));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAnswerIsStillGivenOnceThePoolRefusesWork() throws Exception {
    var pool = Executors.newSingleThreadExecutor();
    pool.shutdown();
    var storage = new CompletableFuture<String>();
    var thread = new AtomicReference<Thread>();
    var answer =
        new Responders(pool)
            .offDriverThreads(storage)
            .thenApply(
                value -> {
                  thread.set(Thread.currentThread());
                  return value;
                });
    storage.complete("stored");
    assertEquals("stored", answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertSame(Thread.currentThread(), thread.get(), "finished on the completing thread");
  }
}
