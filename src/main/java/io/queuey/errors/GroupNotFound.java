package io.queuey.errors;

/** 404: the consumer group does not exist (or its name could never be valid). */
public class GroupNotFound extends QueueyException {

  public GroupNotFound() {
    super(404, "InvalidGroupName", "No such group.");
  }
}
