package io.queuey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RespondersTest {

  /** A managed executor whose execute() hands the task to {@code execute}. */
  private static ManagedExecutorService managed(java.util.function.Consumer<Runnable> execute) {
    return (ManagedExecutorService)
        Proxy.newProxyInstance(
            RespondersTest.class.getClassLoader(),
            new Class<?>[] {ManagedExecutorService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("execute")) {
                execute.accept((Runnable) args[0]);
                return null;
              }
              throw new AssertionError("not used: " + method);
            });
  }

  @Test
  void answersRunOnTheManagedExecutor() throws Exception {
    var pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "managed-1"));
    try {
      var responders = new Responders();
      responders.managed = managed(pool::execute);
      var thread = new AtomicReference<String>();
      var storage = new CompletableFuture<String>();
      var answer =
          responders
              .respond(storage)
              .thenApply(
                  value -> {
                    thread.set(Thread.currentThread().getName());
                    return value;
                  });
      storage.complete("stored");
      assertEquals("stored", answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("managed-1", thread.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAnswerIsStillGivenOnceTheContainerHasShutItsExecutorDown() throws Exception {
    var responders = new Responders();
    responders.managed =
        managed(
            task -> {
              throw new RejectedExecutionException("CWWKE1202E: the executor has been shut down");
            });
    var storage = new CompletableFuture<String>();
    var thread = new AtomicReference<Thread>();
    var answer =
        responders
            .respond(storage)
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
