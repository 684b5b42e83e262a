package io.queuey.queues.control;

import io.queuey.queues.entity.Queue;
import java.util.concurrent.CompletionStage;

/** What queue management needs of a queue's messages; the messages feature provides it. */
public interface QueueContents {

  /** Live messages over all partitions. */
  long count(Queue queue);

  /** Reclaims the messages of a deleted queue; they are unreachable already. */
  CompletionStage<Void> removeAll(Queue queue);
}
