package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trusted issuer configured wrongly fails the deployment with a message naming the property,
 * rather than letting forged tokens in or failing every request later.
 */
class IssuerValidationIT {

  private static final String MESSAGE = "queuey.auth.issuer.broken.audiences is required";

  @Test
  void anIssuerWithoutAudiencesFailsTheDeployment() throws Exception {
    try (var server =
        AppServer.start(
            Integer.getInteger("queuey.it.cassandra.port", 19042),
            "issuer-validation",
            List.of(
                "queuey.auth.issuers=broken",
                "queuey.auth.issuer.broken.issuer=https://issuer.test/broken",
                "queuey.auth.issuer.broken.jwks-uri=https://issuer.test/broken/jwks"))) {
      Path log = server.log();
      Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
      while (!logHas(log, MESSAGE)
          && server.process().isAlive()
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
      }
      assertTrue(logHas(log, MESSAGE), () -> "the log names the property: " + tail(server));
      // The WAR is not deployed: its API answers nowhere, whatever the server itself still does.
      // The HTTP port opens only after a deployment (Payara: pre-boot-commands.txt; Liberty once
      // its applications have started or failed), so it may stay shut.
      awaitStartedOrGone(server, Instant.now().plus(Duration.ofSeconds(30)));
      int status = server.status("v1/app-one");
      assertFalse(
          status == 200 || status == 403 || status == 401,
          () -> "the application is not serving: " + status);
    }
  }

  /** Waits until the server answers HTTP at all (or has exited), so the check above means it. */
  private static void awaitStartedOrGone(AppServer server, Instant deadline)
      throws InterruptedException {
    while (server.process().isAlive()
        && server.status("health") < 0
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
    }
  }

  private static boolean logHas(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (java.io.IOException | java.io.UncheckedIOException notYet) {
      return false;
    }
  }

  private static String tail(AppServer server) {
    try {
      return server.tail();
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }
}
