package io.queuey.errors;

/** 503: the storage could not be reached or did not answer in time; the client may retry. */
public class StorageUnavailable extends QueueyException {

  /** What went wrong, for operators' metrics: the client sees the same 503 either way. */
  public enum Kind {
    /** The storage did not answer in time. */
    TIMEOUT,
    /** The storage could not be reached, or refused the request. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient Throwable detail;

  public StorageUnavailable(Kind kind, String message, Throwable detail) {
    super(503, "storage", message);
    this.kind = kind;
    this.detail = detail;
  }

  public Kind kind() {
    return kind;
  }

  /** The driver's own error, for the server log only: it never reaches the client. */
  public Throwable detail() {
    return detail;
  }
}
