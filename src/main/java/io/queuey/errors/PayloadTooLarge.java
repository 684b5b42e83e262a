package io.queuey.errors;

/** 413: a body, a message or a batch is over a configured size limit. */
public class PayloadTooLarge extends QueueyException {

  public PayloadTooLarge(String key, String message) {
    super(413, key, message);
  }
}
