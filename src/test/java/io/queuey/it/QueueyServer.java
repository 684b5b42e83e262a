package io.queuey.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged WAR on one real application server, shared by every black-box test class of the run:
 * Payara Micro, or Open Liberty with {@code -Dqueuey.it.server=liberty} (see {@link AppServer}).
 * Starting one takes 10-40 s, so it is started once, on first use, and stopped when the test JVM
 * ends. It talks to the Cassandra of the test build.
 */
public final class QueueyServer implements BeforeAllCallback {

  private static URI baseUri;
  private static Path log;
  private static Exception failed;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** The root of the API, e.g. {@code http://localhost:PORT/}. */
  public static synchronized URI baseUri() {
    if (baseUri == null) {
      throw new IllegalStateException("QueueyServer has not been started");
    }
    return baseUri;
  }

  /** The server's log (everything it writes to its standard output and error). */
  public static synchronized Path log() {
    if (log == null) {
      throw new IllegalStateException("QueueyServer has not been started");
    }
    return log;
  }

  private static synchronized void start() throws IOException, InterruptedException {
    if (baseUri != null) {
      return;
    }
    if (failed != null) {
      // One server for the run: the classes after a failed start fail alike, without a second one.
      throw new IllegalStateException("the test server did not start", failed);
    }
    var server = AppServer.start(Integer.getInteger("queuey.it.cassandra.port", 19042), "it");
    try {
      server.awaitReady();
    } catch (IOException | RuntimeException notReady) {
      failed = notReady;
      throw notReady;
    }
    log = server.log();
    baseUri = server.baseUri();
  }
}
