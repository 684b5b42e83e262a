package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Settings changed while the server runs (README, Configuration, "Changing settings at run time"):
 * Payara Micro reads a directory config source (one file per property) and Queuey rebuilds its
 * dynamic settings every second here ({@code queuey.config.refresh-seconds=1}). The directory's
 * ordinal is raised above the system properties of it.properties, and Payara's config cache is set
 * to 1 s, as the README's recipe says.
 */
class DynamicConfigIT {

  /** How long a change may take to show: the watcher (1 s), the cache (1 s), the refresh (1 s). */
  private static final Duration CHANGE_SHOWS_WITHIN = Duration.ofSeconds(30);

  private static final String ROTATING = "dyn-rotating";
  private static final String STEADY = "dyn-steady";
  private static final String STEADY_KEY = "dyn-steady-key";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Path directory;
  private static AppServer server;

  @BeforeAll
  static void startWithADirectoryConfigSource() throws Exception {
    directory = Path.of("target", "dynamic-config", "settings").toAbsolutePath();
    if (Files.exists(directory)) {
      try (var files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(directory);
    write("queuey.applications", ROTATING + "," + STEADY + "\n");
    write("queuey.application." + ROTATING + ".keys", "dyn-rotating-old\n");
    write("queuey.application." + STEADY + ".keys", STEADY_KEY + "\n");
    server =
        PayaraMicro.start(
            "127.0.0.1:" + Integer.getInteger("queuey.it.cassandra.port", 19042),
            List.of("-Dqueuey.config.refresh-seconds=1"),
            Path.of("target", "payara-dynamic-config.log"),
            Path.of(
                System.getProperty("queuey.it.properties", "target/test-classes/it.properties")),
            List.of(
                "set-config-dir --directory=" + directory,
                // Above the system properties (400) that it.properties is passed as.
                "set-config-ordinal --ordinal=500 --source=secrets",
                "set-config-cache --duration=1"));
    server.awaitReady();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRotatedKeyWorksSoonAndTheOldKeyIsThenRefused() throws Exception {
    assertEquals(200, status("GET", "v1/" + ROTATING, "dyn-rotating-old"));

    write("queuey.application." + ROTATING + ".keys", "dyn-rotating-new\n");

    awaitStatus("GET", "v1/" + ROTATING, "dyn-rotating-new", status -> status == 200);
    var old = send("GET", "v1/" + ROTATING, "dyn-rotating-old", null);
    assertEquals(401, old.statusCode(), old::body);
    assertEquals(Set.of("InvalidApplicationKey"), errorKeys(old));
  }

  @Test
  void anApplicationAddedAtRunTimeWorksWithAKeyGivenAsItsDigest() throws Exception {
    String app = "dyn-added";
    assertEquals(401, status("GET", "v1/" + app, "dyn-added-key"));

    write("queuey.application." + app + ".keys", "sha256:" + sha256("dyn-added-key") + "\n");
    write("queuey.applications", ROTATING + "," + STEADY + "," + app + "\n");

    awaitStatus("GET", "v1/" + app, "dyn-added-key", status -> status == 200);
  }

  @Test
  void aMalformedDigestKeepsTheLastGoodKeysAndIsCounted() throws Exception {
    double failuresBefore = reloadFailures();
    Path keys = directory.resolve("queuey.application." + STEADY + ".keys");
    try {
      write(keys.getFileName().toString(), STEADY_KEY + ",sha256:not-a-digest\n");

      Instant deadline = Instant.now().plus(CHANGE_SHOWS_WITHIN);
      while (reloadFailures() <= failuresBefore) {
        assertTrue(Instant.now().isBefore(deadline), "the failed reload is counted");
        Thread.sleep(250);
      }
      assertEquals(200, status("GET", "v1/" + STEADY, STEADY_KEY), "the last good keys");
      assertTrue(
          Files.readString(server.log())
              .contains(
                  "queuey.application."
                      + STEADY
                      + ".keys: entry 2 starts with sha256: but is not followed by exactly 64 hex"),
          "the log says what is wrong");
    } finally {
      write(keys.getFileName().toString(), STEADY_KEY + "\n");
    }
  }

  @Test
  void aLoweredMessageLimitTakesEffect() throws Exception {
    String queue = "dyn-limits-" + System.nanoTime();
    var created =
        send(
            "POST",
            "v1/" + STEADY,
            STEADY_KEY,
            HttpRequest.BodyPublishers.ofString("queue_name=" + queue),
            "application/x-www-form-urlencoded");
    assertEquals(201, created.statusCode(), created::body);
    String body = "x".repeat(200);
    assertEquals(201, post(queue, body).statusCode());
    try {
      write("queuey.limits.max-message-bytes", "100\n");

      Instant deadline = Instant.now().plus(CHANGE_SHOWS_WITHIN);
      HttpResponse<String> answer;
      while ((answer = post(queue, body)).statusCode() != 413) {
        assertEquals(201, answer.statusCode(), answer::body);
        assertTrue(Instant.now().isBefore(deadline), "the lower limit applies in time");
        Thread.sleep(250);
      }
      assertEquals(201, post(queue, "x".repeat(100)).statusCode(), "at the limit is fine");
    } finally {
      write("queuey.limits.max-message-bytes", "1048576\n");
      send("DELETE", "v1/" + STEADY + "/" + queue, STEADY_KEY, null);
    }
  }

  @Test
  void corsOriginsChangedAtRunTimeTakeEffect() throws Exception {
    String path = "v1/" + STEADY + "?limit=1";
    assertEquals("*", allowedOrigin(path, "https://b.example"), "the default: any origin");
    try {
      write("queuey.cors.allowed-origins", "https://a.example\n");
      awaitAllowedOrigin(path, "https://b.example", null);
      assertEquals(
          List.of("Origin"),
          fromOrigin(path, "https://b.example").headers().allValues("Vary"),
          "a refusal varies by origin too");
      assertEquals("https://a.example", allowedOrigin(path, "https://a.example"));

      write("queuey.cors.allowed-origins", "https://a.example, https://b.example\n");
      awaitAllowedOrigin(path, "https://b.example", "https://b.example");
      assertEquals("https://a.example", allowedOrigin(path, "https://a.example"));
    } finally {
      write("queuey.cors.allowed-origins", "*\n");
      awaitAllowedOrigin(path, "https://c.example", "*");
    }
  }

  @Test
  void aMalformedDigestAtStartupFailsTheDeployment() throws Exception {
    Path settings = Path.of("target", "dynamic-config", "malformed-digest.properties");
    Files.writeString(
        settings,
        Files.readString(
                Path.of(
                    System.getProperty(
                        "queuey.it.properties", "target/test-classes/it.properties")))
            + "\nqueuey.application.app-two.keys=sha256:0123\n");
    String message =
        "queuey.application.app-two.keys: entry 1 starts with sha256: but is not followed by";
    try (var broken =
        PayaraMicro.start(
            "127.0.0.1:" + Integer.getInteger("queuey.it.cassandra.port", 19042),
            List.of(),
            Path.of("target", "payara-dynamic-config-malformed.log"),
            settings)) {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
      while (!logHas(broken.log(), message)
          && broken.process().isAlive()
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
      }
      assertTrue(
          logHas(broken.log(), message), () -> "the log names the property: " + tail(broken));
      // The port opens only after a deployment (pre-boot-commands.txt): wait until it answers at
      // all (or the server is gone), so that the check below means something.
      Instant started = Instant.now().plus(Duration.ofSeconds(30));
      while (broken.process().isAlive()
          && broken.status("health") < 0
          && Instant.now().isBefore(started)) {
        Thread.sleep(250);
      }
      int status = broken.status("v1/" + Api.APP_ONE);
      assertTrue(
          status != 200 && status != 401 && status != 403,
          () -> "the application is not serving: " + status);
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** Rewrites the file in place: Payara's watcher takes up modified files (not renamed ones). */
  private static void write(String property, String value) throws IOException {
    Files.writeString(directory.resolve(property), value, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> post(String queue, String body) throws Exception {
    return send(
        "POST",
        "v1/" + STEADY + "/" + queue,
        STEADY_KEY,
        HttpRequest.BodyPublishers.ofString(body),
        "text/plain; charset=utf-8");
  }

  /** The Access-Control-Allow-Origin of a GET from {@code origin}, or null without one. */
  private static String allowedOrigin(String path, String origin) throws Exception {
    return fromOrigin(path, origin)
        .headers()
        .firstValue("Access-Control-Allow-Origin")
        .orElse(null);
  }

  private static HttpResponse<String> fromOrigin(String path, String origin) throws Exception {
    var answer =
        CLIENT.send(
            HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Application " + STEADY_KEY)
                .header("Origin", origin)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer::body);
    return answer;
  }

  private static void awaitAllowedOrigin(String path, String origin, String expected)
      throws Exception {
    Instant deadline = Instant.now().plus(CHANGE_SHOWS_WITHIN);
    String allowed;
    while (!java.util.Objects.equals(expected, allowed = allowedOrigin(path, origin))) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "still " + allowed + " for " + origin + " after " + CHANGE_SHOWS_WITHIN);
      Thread.sleep(250);
    }
  }

  private static int status(String method, String path, String key) throws Exception {
    return send(method, path, key, null).statusCode();
  }

  private static void awaitStatus(String method, String path, String key, IntPredicate expected)
      throws Exception {
    Instant deadline = Instant.now().plus(CHANGE_SHOWS_WITHIN);
    int status;
    while (!expected.test(status = status(method, path, key))) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "still " + status + " for " + method + " " + path + " after " + CHANGE_SHOWS_WITHIN);
      Thread.sleep(250);
    }
  }

  private static HttpResponse<String> send(
      String method, String path, String key, HttpRequest.BodyPublisher body) throws Exception {
    return send(method, path, key, body, null);
  }

  private static HttpResponse<String> send(
      String method, String path, String key, HttpRequest.BodyPublisher body, String contentType)
      throws Exception {
    var request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    if (key != null) {
      request.header("Authorization", "Application " + key);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> errorKeys(HttpResponse<String> answer) {
    return Json.createReader(new StringReader(answer.body()))
        .readObject()
        .getJsonObject("error_msg")
        .keySet();
  }

  /** The counter's value at /metrics; it is registered (at 0) as the WAR deploys. */
  private static double reloadFailures() throws Exception {
    var answer = send("GET", "metrics?scope=application", null, null);
    assertEquals(200, answer.statusCode());
    for (String line : answer.body().split("\n")) {
      if (line.startsWith("queuey_config_reload_failures_total{")
          || line.startsWith("queuey_config_reload_failures_total ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(
        "no queuey_config_reload_failures_total at /metrics:\n" + answer.body());
  }

  private static boolean logHas(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException | java.io.UncheckedIOException notYet) {
      return false;
    }
  }

  private static String tail(AppServer server) {
    try {
      return server.tail();
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
