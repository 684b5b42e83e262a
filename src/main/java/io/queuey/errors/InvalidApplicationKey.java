package io.queuey.errors;

/** 401: an Authorization header named an application key that no application has. */
public class InvalidApplicationKey extends QueueyException {

  public InvalidApplicationKey() {
    super(401, "InvalidApplicationKey", "The application key is not valid.");
  }
}
