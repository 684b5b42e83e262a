package io.queuey.errors;

/**
 * A conditional write (a lightweight transaction) whose outcome the storage could not tell: it may
 * or may not have been applied. Callers resolve it by reading at SERIAL; if it escapes, it is the
 * 503 a client may safely repeat.
 */
public class OutcomeUnknown extends StorageUnavailable {

  public OutcomeUnknown(Throwable detail) {
    super(Kind.TIMEOUT, "The storage could not tell whether the change was made.", detail);
  }
}
