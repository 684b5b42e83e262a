package io.queuey.errors;

/** 404: no application of that name is configured. */
public class ApplicationNotFound extends QueueyException {

  public ApplicationNotFound() {
    super(404, "InvalidApplication", "No such application.");
  }
}
