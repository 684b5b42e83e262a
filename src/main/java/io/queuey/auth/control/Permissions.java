package io.queuey.auth.control;

import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.AccessDenied;
import java.util.List;

/**
 * The permission table of API.md, in one place. It knows callers and principals only, not queues:
 * {@code queues.control.QueueAccess} applies it to a queue's settings, so that the dependency runs
 * from queues to auth and never back.
 */
public final class Permissions {

  private Permissions() {}

  /** List, create, update and delete queues; post and overwrite messages. */
  public static void requireOwner(Caller caller, String application) {
    if (!caller.is(Principal.application(application))) {
      throw new AccessDenied();
    }
  }

  /**
   * Read and delete messages: the principles if there are any (even the owner must be one of them
   * then), else the owning application.
   */
  public static void requireReaderOrDeleter(
      Caller caller, String application, List<Principal> principles) {
    boolean allowed =
        principles.isEmpty()
            ? caller.is(Principal.application(application))
            : caller.isAnyOf(principles);
    if (!allowed) {
      throw new AccessDenied();
    }
  }

  /** Reading is also open to everyone when {@code openToEveryone} (a public queue). */
  public static void requireReader(
      Caller caller, String application, List<Principal> principles, boolean openToEveryone) {
    if (!openToEveryone) {
      requireReaderOrDeleter(caller, application, principles);
    }
  }
}
