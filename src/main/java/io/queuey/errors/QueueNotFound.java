package io.queuey.errors;

/** 404: the queue does not exist (or its name could never be valid). */
public class QueueNotFound extends QueueyException {

  public QueueNotFound() {
    super(404, "InvalidQueueName", "No such queue.");
  }
}
