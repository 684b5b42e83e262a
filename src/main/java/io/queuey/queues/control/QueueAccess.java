package io.queuey.queues.control;

import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueType;

/** The permission table of API.md applied to one queue's settings. */
public final class QueueAccess {

  private QueueAccess() {}

  /** Read and delete messages: the queue's principles if it has any, else the owner. */
  public static void requireReaderOrDeleter(Caller caller, Queue queue) {
    Permissions.requireReaderOrDeleter(caller, queue.application(), queue.settings().principles());
  }

  /** Reading is also open to everyone on a public queue. */
  public static void requireReader(Caller caller, Queue queue) {
    Permissions.requireReader(
        caller,
        queue.application(),
        queue.settings().principles(),
        queue.settings().type() == QueueType.PUBLIC);
  }
}
