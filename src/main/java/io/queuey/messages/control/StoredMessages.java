package io.queuey.messages.control;

import io.queuey.messages.entity.MessageRef;
import io.queuey.queues.entity.Queue;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Told of the messages of a post once they are known to be stored, before the post is answered.
 * Readers that walk a queue by message id and remember how far they got (consumer groups) can have
 * passed a message whose write landed long after its id was assigned: a slow write, a post whose
 * first attempt died and whose retry (same idempotency key) stored or found it later, a write
 * replayed from Cassandra's commit log after a crash. Such a reader takes care of it here. A failed
 * stage fails the post (503): the producer's retry calls this again.
 */
public interface StoredMessages {

  CompletionStage<Void> stored(Queue queue, List<MessageRef> messages);
}
