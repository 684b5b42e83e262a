package io.queuey.errors;

/** 503: the storage could not be reached or did not answer in time; the client may retry. */
public class StorageUnavailable extends QueueyException {

  private final transient Throwable detail;

  public StorageUnavailable(String message, Throwable detail) {
    super(503, "storage", message);
    this.detail = detail;
  }

  /** The driver's own error, for the server log only: it never reaches the client. */
  public Throwable detail() {
    return detail;
  }
}
