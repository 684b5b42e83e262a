package io.queuey.messages.control;

import io.queuey.queues.control.QueueContents;
import io.queuey.queues.entity.Queue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** A queue's messages, as queue management sees them: counted, and removed with the queue. */
@ApplicationScoped
public class MessageQueueContents implements QueueContents {

  @Inject MessageStore store;

  @Override
  public long count(Queue queue) {
    try {
      return store.count(queue).toCompletableFuture().join();
    } catch (CompletionException failed) {
      // The store's stages fail with the exception vocabulary already; unwrap it.
      if (failed.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw failed;
    }
  }

  @Override
  public CompletionStage<Void> removeAll(Queue queue) {
    return store.deleteAll(queue);
  }
}
