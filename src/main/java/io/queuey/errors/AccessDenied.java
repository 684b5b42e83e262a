package io.queuey.errors;

/** 403: the caller is known (or anonymous) but lacks the permission the call needs. */
public class AccessDenied extends QueueyException {

  public AccessDenied() {
    super(403, "AccessDenied", "Access was denied.");
  }
}
