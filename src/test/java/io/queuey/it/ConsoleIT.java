package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import jakarta.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's, through its chromedriver; nothing is
 * downloaded), against the WAR on Payara Micro and the real Cassandra: what an operator does, and
 * that attacker-controlled bodies stay text. One browser for the class; every test loads the page
 * afresh, so the console's in-memory sign-in starts empty. Browser console errors (CSP violations
 * among them) fail the test that caused them.
 */
@ExtendWith(QueueyServer.class)
class ConsoleIT {

  private static final String APP = Api.APP_ONE;
  private static final String KEY = Api.KEY_ONE;
  private static final String XSS = "<img src=x onerror=window.__xss=1>";
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static ChromeDriverService service;
  private static ChromeDriver driver;
  private static WebDriverWait wait;
  private static Path profile;
  private static final TestQueues queues = new TestQueues();

  @BeforeAll
  static void startBrowser() throws IOException {
    profile = Files.createTempDirectory("console-it-chromium");
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    var options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    queues.deleteAll();
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  @BeforeEach
  void freshPage() {
    driver.manage().window().setSize(new Dimension(1280, 900));
    driver.get("about:blank");
    browserLog();
  }

  @Test
  void consoleFilesComeWithSecurityHeadersAndTheirTypes() throws Exception {
    var page = http("console/");
    assertEquals(200, page.statusCode());
    assertEquals(
        "default-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none';"
            + " base-uri 'none'",
        page.headers().firstValue("Content-Security-Policy").orElse(null));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), page.body());

    assertTrue(
        http("console/app.js")
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/javascript"));
    assertTrue(
        http("console/vendor/htm/standalone.module.js")
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/javascript"));
    assertTrue(
        http("console/console.css")
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("text/css"));
    assertEquals(
        "image/svg+xml", http("console/icon.svg").headers().firstValue("Content-Type").orElse(""));

    var redirect = http("console");
    assertEquals(301, redirect.statusCode());
    assertEquals("/console/", redirect.headers().firstValue("Location").orElse(null));

    String etag = page.headers().firstValue("ETag").orElseThrow();
    var unchanged =
        HttpClient.newHttpClient()
            .send(
                Api.request("console/").header("If-None-Match", etag).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(304, unchanged.statusCode());

    for (String missing :
        List.of(
            "console/nothing.js",
            "console/..%2FWEB-INF%2Fweb.xml",
            "console/.hidden.js",
            "console/vendor/htm/standalone.module.js.map",
            "console/%2e%2e/WEB-INF/web.xml")) {
      var answer = http(missing);
      assertEquals(404, answer.statusCode(), missing);
      assertEquals(
          "There is nothing at this URL.",
          Json.createReader(new java.io.StringReader(answer.body()))
              .readObject()
              .getJsonObject("error_msg")
              .getString("NotFound"),
          missing);
    }
  }

  @Test
  void aWrongKeyShowsTheApiErrorAndTheRightOneSignsIn() throws Exception {
    openConsole();
    screenshot("sign-in");
    type("signin-app", APP);
    type("signin-key", "not-the-key");
    click(By.id("signin-submit"));
    WebElement error = visible(By.cssSelector("[data-test=signin-error]"));
    assertTrue(error.getText().contains("InvalidApplicationKey"), error.getText());
    assertTrue(error.getText().contains("401"), error.getText());
    // The 401 is the only thing the browser reports (as a failed resource load).
    for (LogEntry entry : browserLog()) {
      assertTrue(entry.getMessage().contains("401"), entry.toString());
    }

    type("signin-key", KEY);
    click(By.id("signin-submit"));
    visible(By.cssSelector("[data-test=queues]"));
    assertEquals(APP, driver.findElement(By.cssSelector("[data-test=signed-in-as]")).getText());
    assertEquals(
        "null",
        String.valueOf(js("return sessionStorage.getItem('queuey.console.credentials')")),
        "not remembered unless asked");
    assertFalse(driver.getCurrentUrl().contains(KEY));
    assertTrue(driver.manage().getCookies().isEmpty(), "no cookie");

    click(By.id("signout"));
    visible(By.id("signin-app"));

    // Remembered in this tab when asked: a reload stays signed in; signing out forgets it.
    type("signin-app", APP);
    type("signin-key", KEY);
    click(By.id("signin-remember"));
    click(By.id("signin-submit"));
    visible(By.cssSelector("[data-test=queues]"));
    driver.navigate().refresh();
    visible(By.cssSelector("[data-test=queues]"));
    click(By.id("signout"));
    visible(By.id("signin-app"));
    assertEquals(
        "null", String.valueOf(js("return sessionStorage.getItem('queuey.console.credentials')")));
    driver.navigate().refresh();
    visible(By.id("signin-app"));
    assertNoBrowserErrors();
  }

  @Test
  void createAQueuePostAndFollowItInTheLiveTail() throws Exception {
    signIn();
    String name = Api.uniqueName("console");
    queues.track(APP, KEY, name);
    click(By.id("queue-new"));
    type("qf-name", name);
    type("qf-partitions", "2");
    new Select(driver.findElement(By.id("qf-consistency"))).selectByValue("weak");
    type("qf-principles", "app:" + APP);
    click(By.id("qf-submit"));
    WebElement row = visible(queueRow(name));
    assertTrue(row.getText().contains("weak"), row.getText());
    assertTrue(row.getText().contains("app:" + APP), row.getText());
    screenshot("queues");

    // Updated: more partitions, and the principles emptied (which clears them: PUT replaces them).
    click(By.cssSelector("[data-queue='" + name + "'] [data-test=edit-queue]"));
    type("qf-partitions", "3");
    setValue(visible(By.id("qf-principles")), "");
    click(By.id("qf-submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-queue='" + name + "'] [data-test=queue-partitions]"), "3"));
    var updated =
        Api.get("v1/" + APP + "?details=true&offset=" + name + "&limit=1", KEY)
            .json()
            .getJsonArray("queues")
            .getJsonObject(0);
    assertEquals(3, updated.getInt("partitions"));
    assertEquals(0, updated.getJsonArray("principles").size(), updated::toString);
    assertEquals("weak", updated.getString("consistency"), "what was not changed stays");

    click(By.cssSelector("[data-queue='" + name + "'] [data-test=open-queue]"));
    visible(By.cssSelector("[data-test=browse-form]"));
    type("post-body", "first from the console");
    type("post-partition", "2");
    click(By.id("post-submit"));
    visible(By.cssSelector("[data-test=posted]"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=message-list]"), "first from the console"));

    click(By.cssSelector("[data-test=tab-tail]"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Live"));
    visible(By.cssSelector("[data-test=tail-list]"));
    String second = Api.postOk(APP, KEY, name, "second, posted while tailing");
    String third = Api.postOk(APP, KEY, name, "{\"third\": [1, 2, 3]}", 2).getString("key");
    visible(By.cssSelector("[data-test=tail-list] [data-id='" + second + "']"));
    WebElement json = visible(By.cssSelector("[data-test=tail-list] [data-id='" + third + "']"));
    assertTrue(json.getText().contains("\"third\": [\n    1,"), json.getText());
    screenshot("live-tail");
    assertEquals(
        3,
        driver.findElements(By.cssSelector("[data-test=tail-list] [data-test=message]")).size(),
        "each message once: the id polled from is not shown again");

    click(By.id("tail-pause"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Paused"));
    String whilePaused = Api.postOk(APP, KEY, name, "posted while paused");
    click(By.id("tail-pause"));
    visible(By.cssSelector("[data-test=tail-list] [data-id='" + whilePaused + "']"));

    // Offline: the tail says so and backs off; back online, it goes on where it was.
    driver.setNetworkConditions(offline());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Server unreachable, retrying in 2 s"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "retrying in 4 s"));
    String whileOffline = Api.postOk(APP, KEY, name, "posted while the browser was offline");
    driver.deleteNetworkConditions();
    visible(By.cssSelector("[data-test=tail-list] [data-id='" + whileOffline + "']"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Live"));
    for (LogEntry entry : browserLog()) {
      assertTrue(entry.getMessage().contains("ERR_INTERNET_DISCONNECTED"), entry.toString());
    }

    // Hidden (another tab, a minimised window): no polling at all; shown again, it catches up.
    setHidden(true);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Paused while the page is hidden"));
    js("performance.clearResourceTimings()");
    String whileHidden = Api.postOk(APP, KEY, name, "posted while the page was hidden");
    Thread.sleep(3000);
    assertEquals(
        0L,
        js("return performance.getEntriesByType('resource').length"),
        "no request while hidden");
    assertTrue(
        driver
            .findElements(By.cssSelector("[data-test=tail-list] [data-id='" + whileHidden + "']"))
            .isEmpty());
    setHidden(false);
    visible(By.cssSelector("[data-test=tail-list] [data-id='" + whileHidden + "']"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=live-indicator]"), "Live"));

    // A narrow window: the page reflows (wide tables scroll inside their box), nothing sticks out.
    driver.manage().window().setSize(new Dimension(420, 900));
    wait.until(
        d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"));
    screenshot("live-tail-narrow");
    assertNoBrowserErrors();
  }

  @Test
  void rewindingToATimeShowsOnlyLaterMessagesAndMessagesCanBeDeleted() throws Exception {
    String name = queues.create("console-rewind");
    var older = Api.postOk(APP, KEY, name, "older", 1);
    long olderSecond = Long.parseLong(older.getString("timestamp").split("\\.")[0]);
    while (System.currentTimeMillis() / 1000 <= olderSecond) {
      Thread.sleep(50);
    }
    var newer = Api.postOk(APP, KEY, name, "newer", 1);
    long newerSecond = Long.parseLong(newer.getString("timestamp").split("\\.")[0]);

    signIn();
    openQueue(name);
    visible(message(older.getString("key")));
    visible(message(newer.getString("key")));

    new Select(driver.findElement(By.id("browse-from"))).selectByValue("time");
    String local =
        (String)
            js(
                "const d = new Date(arguments[0] * 1000), p = (n) => String(n).padStart(2, '0');"
                    + " return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
                    + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());",
                newerSecond);
    setValue(visible(By.id("browse-when")), local);
    click(By.id("browse-submit"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(message(older.getString("key"))));
    visible(message(newer.getString("key")));
    screenshot("messages-rewound");

    new Select(driver.findElement(By.id("browse-from"))).selectByValue("id");
    type("browse-since-id", older.getString("key"));
    click(By.id("browse-submit"));
    visible(message(older.getString("key")));
    visible(message(newer.getString("key")));

    click(By.id("sel-" + older.getString("key")));
    click(By.id("delete-messages"));
    click(By.id("confirm-delete-messages"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(message(older.getString("key"))));
    var gone = Api.get("v1/" + APP + "/" + name + "/" + older.getString("key"), KEY);
    assertEquals(200, gone.status());
    assertEquals(0, gone.messages().size(), "deleted: " + gone);
    assertEquals(1, Api.get("v1/" + APP + "/" + name, KEY).messages().size());
    assertNoBrowserErrors();
  }

  @Test
  void aGroupsLagFallsAfterItsMessagesAreClaimedAndAcknowledged() throws Exception {
    String name = queues.create("console-groups");
    for (int i = 0; i < 3; i++) {
      Api.postOk(APP, KEY, name, "work " + i);
    }
    Thread.sleep(1100); // the oldest unclaimed message is then over a second old
    signIn();
    openQueue(name);
    click(By.cssSelector("[data-test=tab-groups]"));
    click(By.id("group-new"));
    type("gf-name", "workers");
    type("gf-start", "earliest");
    click(By.id("gf-submit"));
    By lag = By.cssSelector("[data-group=workers] [data-test=group-lag]");
    WebElement lagCell = visible(lag);
    double before = Double.parseDouble(lagCell.getDomAttribute("data-lag"));
    assertTrue(before >= 1, "the oldest of 3 unclaimed messages is over a second old: " + before);

    click(By.cssSelector("[data-group=workers] [data-test=open-group]"));
    click(By.cssSelector("[data-test=claim]"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-test=receipt]"), 3));
    for (WebElement receipt : driver.findElements(By.cssSelector("[data-test=receipt]"))) {
      assertFalse(receipt.getText().isBlank());
    }
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("[data-group=workers] [data-test=group-in-flight]"), "3"));
    screenshot("groups");
    // Dark mode follows the system's preference.
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    assertEquals("rgb(15, 18, 22)", js("return getComputedStyle(document.body).backgroundColor"));
    screenshot("groups-dark");
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    assertEquals(
        "rgb(246, 247, 249)", js("return getComputedStyle(document.body).backgroundColor"));
    click(By.cssSelector("[data-test=ack]"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test=group-result]"), "ack: 3 done"));
    click(By.id("groups-refresh"));
    wait.until(ExpectedConditions.attributeToBe(lag, "data-lag", "null"));
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("[data-group=workers] [data-test=group-in-flight]"), "0"));
    var stats = Api.get("v1/" + APP + "/" + name + "/groups/workers", KEY).json();
    assertTrue(stats.getJsonObject("stats").isNull("lag_seconds"), stats.toString());
    assertNoBrowserErrors();
  }

  @Test
  void ratesShowWhatWasPosted() throws Exception {
    String name = queues.create("console-rates");
    for (int i = 0; i < 5; i++) {
      Api.postOk(APP, KEY, name, "counted " + i);
    }
    signIn();
    By appPosted = By.cssSelector("[data-test=app-rates] [data-test=rate-posted]");
    wait.until(
        driver ->
            Integer.parseInt(driver.findElement(appPosted).getDomAttribute("data-total")) >= 5);
    screenshot("queues-with-rates");
    openQueue(name);
    click(By.cssSelector("[data-test=tab-stats]"));
    By posted = By.cssSelector("[data-test=queue-rates] [data-test=rate-posted]");
    wait.until(ExpectedConditions.attributeToBe(posted, "data-total", "5"));
    assertEquals(
        2,
        driver
            .findElements(
                By.cssSelector("[data-test=queue-rates] [data-test=stats-chart] polyline"))
            .size());
    String points =
        driver
            .findElement(By.cssSelector("[data-test=stats-chart] polyline.line-posted"))
            .getDomAttribute("points");
    assertTrue(points.split(" ").length >= 2, points);
    screenshot("rates");
    assertNoBrowserErrors();
  }

  @Test
  void bodiesThatLookLikeHtmlStayText() throws Exception {
    String name = queues.create("console-xss");
    Api.postOk(APP, KEY, name, XSS);
    String json = Json.createObjectBuilder().add("html", XSS).build().toString();
    var batch =
        Json.createObjectBuilder()
            .add(
                "messages",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("body", json)))
            .build()
            .toString();
    assertEquals(201, Api.json("POST", "v1/" + APP + "/" + name, KEY, batch).status());

    signIn();
    openQueue(name);
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("[data-test=message-list] [data-test=message-body]"), 2));
    List<String> bodies =
        driver
            .findElements(By.cssSelector("[data-test=message-list] [data-test=message-body]"))
            .stream()
            .map(WebElement::getText)
            .toList();
    assertTrue(bodies.contains(XSS), bodies.toString());
    assertTrue(bodies.contains("{\n  \"html\": \"" + XSS + "\"\n}"), "pretty-printed: " + bodies);
    assertEquals(0, driver.findElements(By.cssSelector("[data-test=message-list] img")).size());

    click(By.cssSelector("[data-test=tab-tail]"));
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("[data-test=tail-list] [data-test=message-body]"), 2));
    assertEquals(0, driver.findElements(By.cssSelector("img")).size());
    assertEquals("undefined", js("return typeof window.__xss"));
    assertNoBrowserErrors();
  }

  @Test
  void theContentSecurityPolicyBlocksStyleAttributesButNotScriptedStyles() {
    openConsole();
    @SuppressWarnings("unchecked")
    List<String> colours =
        (List<String>)
            js(
                "const a = document.createElement('div'); a.setAttribute('style', 'color: rgb(1, 2, 3)');"
                    + " const b = document.createElement('div'); b.style.color = 'rgb(4, 5, 6)';"
                    + " document.body.append(a, b);"
                    + " return [getComputedStyle(a).color, getComputedStyle(b).color];");
    assertNotEquals("rgb(1, 2, 3)", colours.get(0), "a style attribute is refused");
    assertEquals("rgb(4, 5, 6)", colours.get(1), "a CSSOM property is not an inline style");
    // The violation reaches the browser log that the other tests check for errors.
    wait.until(
        d -> browserLogHas("Content Security Policy") || browserLogHas("Content-Security-Policy"));
  }

  @Test
  void theConsoleCanBeSwitchedOff() throws Exception {
    try (var server =
        AppServer.start(
            Integer.getInteger("queuey.it.cassandra.port", 19042),
            "console-off",
            List.of("queuey.console.enabled=false"))) {
      server.awaitReady();
      for (String path : List.of("console/", "console/app.js", "console")) {
        var answer =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(404, answer.statusCode(), path);
        assertTrue(answer.body().contains("\"NotFound\""), answer.body());
      }
      assertEquals(200, server.status("health/ready"), "the API itself still serves");
    }
  }

  @Test
  void aUserTokenSignsInAndReadsAQueueThatListsTheUser() throws Exception {
    String audience = "queuey-console";
    String issuer = "https://issuer.test/console";
    RSAKey signingKey = Issuers.rsa("console-rsa-1");
    String queue =
        queues.create("console-user", Map.of("principles", "bid:ann@example.org,app:" + APP));
    Api.postOk(APP, KEY, queue, "for ann's eyes");
    try (var issuers = new Issuers()) {
      issuers.serveKeys("/console/jwks", signingKey);
      try (var server =
          AppServer.start(
              Integer.getInteger("queuey.it.cassandra.port", 19042),
              "console-tokens",
              List.of(
                  "queuey.auth.issuers=console",
                  "queuey.auth.issuer.console.issuer=" + issuer,
                  "queuey.auth.issuer.console.jwks-uri=" + issuers.uri("/console/jwks"),
                  "queuey.auth.issuer.console.audiences=" + audience,
                  "queuey.auth.issuer.console.allow-insecure-http=true"))) {
        server.awaitReady();
        driver.get(server.baseUri().resolve("console/").toString());
        visible(By.id("signin-app"));

        // A token of an issuer Queuey does not trust: the API's 401 is shown.
        String foreign =
            Issuers.sign(Issuers.rsa("other-1"), Issuers.claims(issuer, audience, "ann").build());
        type("signin-app", APP);
        type("signin-token", foreign);
        click(By.id("signin-submit"));
        WebElement error = visible(By.cssSelector("[data-test=signin-error]"));
        assertTrue(error.getText().contains("InvalidToken"), error.getText());
        assertTrue(error.getText().contains("401"), error.getText());

        String token =
            Issuers.sign(
                signingKey,
                Issuers.claims(issuer, audience, "ann-1")
                    .claim("email", "ann@example.org")
                    .claim("email_verified", true)
                    .build());
        type("signin-token", token);
        click(By.id("signin-submit"));
        // Listing queues is for the application: a user opens a queue by name.
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-test=queues]"), "Signed in with a user token only"));
        type("open-by-name", queue);
        driver.findElement(By.id("open-by-name")).sendKeys(Keys.ENTER);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-test=message-list]"), "for ann's eyes"));
        assertFalse(driver.getCurrentUrl().contains(token));
        assertTrue(driver.manage().getCookies().isEmpty(), "no cookie");
        screenshot("user-token");
        // The browser reports the 401 of the foreign token and the 403 of the listing, nothing
        // else.
        for (LogEntry entry : browserLog()) {
          assertTrue(
              entry.getMessage().contains("401") || entry.getMessage().contains("403"),
              entry.toString());
        }
      }
    }
  }

  // --- helpers

  /** As when the tab is in the background or shown again: what the page can see of it. */
  private static void setHidden(boolean hidden) {
    js(
        "const hidden = arguments[0];"
            + " Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});"
            + " document.dispatchEvent(new Event('visibilitychange'));",
        hidden);
  }

  private static HttpResponse<String> http(String path) throws IOException, InterruptedException {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(Api.request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void openConsole() {
    driver.get(QueueyServer.baseUri().resolve("console/").toString());
    visible(By.id("signin-app"));
  }

  private static void signIn() {
    openConsole();
    type("signin-app", APP);
    type("signin-key", KEY);
    // By keyboard: Enter in the key field submits the form.
    driver.findElement(By.id("signin-key")).sendKeys(Keys.ENTER);
    visible(By.cssSelector("[data-test=queues]"));
  }

  /** Finds the queue by name (the listing may have many pages) and opens its messages. */
  private static void openQueue(String name) {
    type("queue-search", name);
    click(By.id("queue-search-submit"));
    click(By.cssSelector("[data-queue='" + name + "'] [data-test=open-queue]"));
    visible(By.cssSelector("[data-test=browse-form]"));
  }

  private static ChromiumNetworkConditions offline() {
    var conditions = new ChromiumNetworkConditions();
    conditions.setOffline(true);
    return conditions;
  }

  private static By queueRow(String name) {
    return By.cssSelector("[data-test=queue-row][data-queue='" + name + "']");
  }

  private static By message(String id) {
    return By.cssSelector("[data-test=message-list] [data-id='" + id + "']");
  }

  private static WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  private static void type(String id, String text) {
    WebElement field = visible(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** For inputs that take no typing in every locale (datetime-local): as the page would see it. */
  private static void setValue(WebElement field, String value) {
    js(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        field,
        value);
  }

  private static Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  private static void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** What the browser logged since the last call (the log is read once). */
  private static List<LogEntry> browserLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  private static final StringBuilder SEEN = new StringBuilder();

  private static boolean browserLogHas(String text) {
    browserLog().forEach(entry -> SEEN.append(entry.getMessage()).append('\n'));
    return SEEN.indexOf(text) >= 0;
  }

  private static void assertNoBrowserErrors() {
    List<String> errors =
        browserLog().stream()
            .filter(
                entry -> entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
            .map(LogEntry::toString)
            .toList();
    assertEquals(List.of(), errors, "browser console errors and warnings");
  }
}
