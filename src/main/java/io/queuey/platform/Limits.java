package io.queuey.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The size limits of requests; over any of them a request is a 413 and nothing is stored. */
@ApplicationScoped
public class Limits {

  @Inject
  @ConfigProperty(name = "queuey.limits.max-message-bytes", defaultValue = "1048576")
  int maxMessageBytes;

  @Inject
  @ConfigProperty(name = "queuey.limits.max-batch-messages", defaultValue = "1000")
  int maxBatchMessages;

  @Inject
  @ConfigProperty(name = "queuey.limits.max-request-bytes", defaultValue = "8388608")
  int maxRequestBytes;

  /** The property of {@link #maxResponseBytes()}. */
  public static final String MAX_RESPONSE_BYTES = "queuey.read.max-response-bytes";

  @Inject
  @ConfigProperty(name = MAX_RESPONSE_BYTES, defaultValue = "8388608")
  long maxResponseBytes;

  /**
   * The most message bytes (UTF-8 bodies) one read answers: a read stops before the message that
   * would go over it (but answers at least one), and the client goes on with {@code since}.
   */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** The largest message body, in UTF-8 bytes. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  public int maxBatchMessages() {
    return maxBatchMessages;
  }

  /** The largest request body of any call, in bytes. */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }
}
