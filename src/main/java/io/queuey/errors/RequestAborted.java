package io.queuey.errors;

/**
 * The client stopped sending the request body (it disconnected or timed out mid-upload). Not a
 * failure of the server: nobody is left to read the answer, and it is logged only at FINE.
 */
public class RequestAborted extends QueueyException {

  public RequestAborted() {
    super(400, "body", "The request body ended before it was complete.");
  }
}
