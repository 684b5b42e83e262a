package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;

import java.util.Map;

/**
 * A public queue whose read ({@code limit=1000}) answers far more bytes than the server can hand
 * over to a client that does not read them, so that a client which resets the connection after the
 * first bytes certainly finds the server still writing.
 *
 * <p>An answer of 8 MiB of plain bodies is not enough: on loopback Linux lets the server's send
 * buffer grow to 4 MiB, and Payara's write queue (Grizzly's, four times the socket's send buffer as
 * Grizzly first reads it, 2 MiB on an accepted loopback socket: 8 MiB) takes the rest, so the
 * server may finish and log a plain 200 before the reset comes. The bodies here are U+0001
 * characters, which JSON writes as a six-character escape each: the read limit counts the bodies'
 * UTF-8 bytes (8 MiB), the answer is about 48 MiB.
 */
final class OversizedAnswers {

  private static final int MESSAGES = 10;
  private static final String BODY = "\u0001".repeat(900 * 1024);

  private OversizedAnswers() {}

  /** Creates the queue and fills it; answers its name. */
  static String queue(TestQueues queues, String prefix) throws Exception {
    String queue = queues.create(prefix, Map.of("type", "public"));
    for (int i = 0; i < MESSAGES; i++) {
      Api.postOk(APP_ONE, KEY_ONE, queue, BODY, 1);
    }
    return queue;
  }
}
