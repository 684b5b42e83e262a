package io.queuey.auth.control;

import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.AccessDenied;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueType;

/** The permission table of API.md, in one place. */
public final class Permissions {

  private Permissions() {}

  /** List, create, update and delete queues; post and overwrite messages. */
  public static void requireOwner(Caller caller, String application) {
    if (!caller.is(Principal.application(application))) {
      throw new AccessDenied();
    }
  }

  /**
   * Read and delete messages: the queue's principles if it has any (even the owner must be one of
   * them then), else the owning application.
   */
  public static void requireReaderOrDeleter(Caller caller, Queue queue) {
    var principles = queue.settings().principles();
    boolean allowed =
        principles.isEmpty()
            ? caller.is(Principal.application(queue.application()))
            : caller.isAnyOf(principles);
    if (!allowed) {
      throw new AccessDenied();
    }
  }

  /** Reading is also open to everyone on a public queue. */
  public static void requireReader(Caller caller, Queue queue) {
    if (queue.settings().type() != QueueType.PUBLIC) {
      requireReaderOrDeleter(caller, queue);
    }
  }
}
