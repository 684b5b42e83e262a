package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.tools.LocalCassandra;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The promises of the three modes across two Queuey instances on one Cassandra node of this class's
 * own (native port 19452, storage 17410 by default, so the shared test Cassandra is not disturbed),
 * with the production setting of {@code queuey.groups.settle-ms} (2 s), while one instance is
 * killed with SIGKILL and restarted, and, separately, while the Cassandra node is killed and
 * restarted. Producers record every 201 (retrying with an Idempotency-Key); consumers record every
 * delivery before acknowledging; some die before acknowledging, some sleep past their lease. Then:
 * at_most_once 0 duplicates; at_least_once 0 losses; exactly_once 0 losses, 0 deliveries after a
 * done ack, 0 overlapping leases; poison messages in the dead-letter queue exactly once. Also: a
 * claim waiting on one instance sees a message posted through the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsFaultIT {

  private static final int CASSANDRA_PORT =
      Integer.getInteger("queuey.it.groups-fault.native-port", 19452);
  private static final int STORAGE_PORT =
      Integer.getInteger("queuey.it.groups-fault.storage-port", 17410);
  private static final String APP = Api.APP_ONE;
  private static final String AUTH = Api.application(Api.KEY_ONE);
  private static final int MESSAGES = 120;
  private static final int POISON = 4;
  private static final long PACE_MILLIS = 40;
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(90);

  /**
   * How long a Payara Micro may take to become ready: on this shared 2-core machine, two of them
   * starting beside other builds have taken over 4 minutes.
   */
  private static final Duration STARTUP = Duration.ofMinutes(8);

  private static final HttpClient CLIENT =
      // HTTP/1.1 as the other black-box tests: the JDK client's default is to offer h2c, an
      // upgrade the server is not meant to be tested with here.
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static LocalCassandra cassandra;
  private static volatile Process cassandraProcess;
  private static final AtomicReferenceArray<PayaraMicro> servers = new AtomicReferenceArray<>(2);

  @BeforeAll
  static void start() throws Exception {
    cassandra =
        new LocalCassandra(
            new LocalCassandra.Settings(
                Path.of("target", "groups-fault-cassandra").toAbsolutePath(),
                "queuey-groups-fault",
                CASSANDRA_PORT,
                STORAGE_PORT,
                "768m",
                Path.of("target", "cassandra.classpath"),
                Path.of("server-config", "cassandra", "cassandra.yaml")));
    cassandra.stopRecorded();
    cassandra.wipe();
    cassandraProcess = cassandra.start();
    for (int i = 0; i < 2; i++) {
      servers.set(i, startServer(i));
    }
    for (int i = 0; i < 2; i++) {
      servers.get(i).awaitReadiness(200, STARTUP);
    }
  }

  private static PayaraMicro startServer(int index) throws IOException {
    return PayaraMicro.start(
        "127.0.0.1:" + CASSANDRA_PORT,
        List.of(),
        Path.of("target", "payara-groups-fault-" + index + ".log"),
        Path.of("target", "test-classes", "groups-fault.properties"));
  }

  @AfterAll
  static void stop() {
    for (int i = 0; i < 2; i++) {
      if (servers.get(i) != null) {
        servers.get(i).close();
      }
    }
    if (cassandraProcess != null) {
      LocalCassandra.stop(cassandraProcess.toHandle());
    }
  }

  // --- a small client for either instance ------------------------------------------------------

  private record Answer(int status, JsonObject json) {}

  private static Answer call(
      int server,
      String method,
      String path,
      String contentType,
      String body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    URI base = servers.get(server).baseUri();
    var request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(40))
            .header("Authorization", AUTH)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject json = null;
    if (response.body().startsWith("{")) {
      try (var reader = Json.createReader(new StringReader(response.body()))) {
        json = reader.readObject();
      }
    }
    return new Answer(response.statusCode(), json);
  }

  /** Retries across both instances until the call answers {@code status}; bounded. */
  private static Answer must(
      int status, String method, String path, String contentType, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int server = 0;
    while (true) {
      try {
        Answer answer = call(server, method, path, contentType, body, Map.of());
        if (answer.status() == status) {
          return answer;
        }
      } catch (IOException down) {
        // the other instance then
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(method + " " + path + " never answered " + status);
      }
      server = 1 - server;
      Thread.sleep(200);
    }
  }

  private static String form(Map<String, String> fields) {
    var parts = new ArrayList<String>();
    fields.forEach((k, v) -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", parts);
  }

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private static String createQueue(String prefix, int partitions) throws Exception {
    String name = Api.uniqueName(prefix);
    must(
        201,
        "POST",
        "v1/" + APP,
        FORM,
        form(Map.of("queue_name", name, "partitions", Integer.toString(partitions))));
    return name;
  }

  private static void createGroup(String queue, String group, Map<String, String> settings)
      throws Exception {
    var fields = new HashMap<String, String>(settings);
    fields.put("group_name", group);
    fields.put("start", "earliest");
    must(201, "POST", "v1/" + APP + "/" + queue + "/groups", FORM, form(fields));
  }

  // --- long polling across instances ---------------------------------------------------------

  @Test
  @Order(0)
  void aClaimWaitingOnOneInstanceGetsAMessagePostedThroughTheOther() throws Exception {
    String queue = createQueue("poll", 1);
    must(201, "POST", "v1/" + APP + "/" + queue + "/groups", FORM, form(Map.of("group_name", "g")));
    var poster =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                call(1, "POST", "v1/" + APP + "/" + queue, "text/plain", "hello", Map.of());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    poster.start();
    long started = System.nanoTime();
    Answer answer =
        call(
            0,
            "POST",
            "v1/" + APP + "/" + queue + "/groups/g/claim",
            JSON,
            "{\"wait\":20}",
            Map.of());
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    poster.join();
    assertEquals(200, answer.status(), () -> "claim: " + answer);
    assertEquals(1, answer.json().getJsonArray("messages").size(), "the message from B");
    assertTrue(seconds < 10, "answered well before the 20 s wait ended: " + seconds + " s");
  }

  // --- the fault runs --------------------------------------------------------------------------

  private enum Fault {
    INSTANCE,
    CASSANDRA
  }

  @Test
  @Order(1)
  void everyModeKeepsItsPromiseWhileAnInstanceIsKilledAndRestarted() throws Exception {
    run(Fault.INSTANCE);
  }

  @Test
  @Order(2)
  void everyModeKeepsItsPromiseWhileTheCassandraNodeIsKilledAndRestarted() throws Exception {
    run(Fault.CASSANDRA);
  }

  private record Delivery(
      String id,
      int deliveries,
      long claimSentNanos,
      long receivedMillis,
      long leaseExpiresMillis) {}

  /** What the consumers of one group saw. */
  private static final class Seen {
    final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> doneAtNanos = new ConcurrentHashMap<>();
  }

  private void run(Fault fault) throws Exception {
    String queue = createQueue("fault", 2);
    String poisonQueue = createQueue("poison", 1);
    String dlq = createQueue("dlq", 1);
    createGroup(queue, "amo", Map.of("mode", "at_most_once"));
    createGroup(queue, "alo", Map.of("mode", "at_least_once", "visibility", "3"));
    createGroup(queue, "eo", Map.of("mode", "exactly_once", "visibility", "3"));
    createGroup(
        poisonQueue,
        "poison",
        Map.of("max_deliveries", "2", "visibility", "1", "dead_letter_queue", dlq));
    for (int i = 0; i < POISON; i++) {
      must(201, "POST", "v1/" + APP + "/" + poisonQueue, "text/plain", "poison-" + i);
    }

    var stop = new AtomicBoolean();
    Map<String, Posted> postedById = new ConcurrentHashMap<>();
    Set<String> posted = postedById.keySet();
    Map<String, Seen> seen = Map.of("amo", new Seen(), "alo", new Seen(), "eo", new Seen());
    var threads = new ArrayList<Thread>();
    for (int p = 0; p < 2; p++) {
      int producer = p;
      threads.add(new Thread(() -> produce(queue, producer, postedById)));
    }
    for (String group : List.of("amo", "alo", "eo")) {
      for (int c = 0; c < 4; c++) {
        int preferred = c % 2;
        threads.add(new Thread(() -> consume(queue, group, preferred, seen.get(group), stop)));
      }
    }
    threads.add(new Thread(() -> consume(poisonQueue, "poison", 0, new Seen(), stop)));
    long runStarted = System.currentTimeMillis();
    threads.forEach(Thread::start);

    Thread.sleep(3000);
    if (fault == Fault.INSTANCE) {
      PayaraMicro victim = servers.get(1);
      assertEquals(
          0,
          new ProcessBuilder("kill", "-9", Long.toString(victim.process().pid()))
              .start()
              .waitFor());
      victim.process().waitFor();
      System.out.printf("%s: instance 1 killed at %d%n", fault, System.currentTimeMillis());
      Thread.sleep(2000);
      PayaraMicro restarted = startServer(1);
      servers.set(1, restarted);
      restarted.awaitReadiness(200, STARTUP);
    } else {
      assertEquals(
          0,
          new ProcessBuilder("kill", "-9", Long.toString(cassandraProcess.pid()))
              .start()
              .waitFor());
      cassandraProcess.waitFor();
      System.out.printf("%s: Cassandra killed at %d%n", fault, System.currentTimeMillis());
      Thread.sleep(3000);
      cassandraProcess = cassandra.start();
      servers.get(0).awaitReadiness(200, STARTUP);
      servers.get(1).awaitReadiness(200, STARTUP);
    }

    threads.get(0).join();
    threads.get(1).join();
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    while (System.nanoTime() < deadline
        && !(seen.get("alo").doneAtNanos.keySet().containsAll(posted)
            && seen.get("eo").doneAtNanos.keySet().containsAll(posted)
            && deadLetters(dlq).size() >= POISON)) {
      Thread.sleep(500);
    }
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(60_000);
    }

    long runEnded = System.currentTimeMillis();
    assertEquals(MESSAGES * 2, posted.size(), "every post was answered 201 once per key");
    long repeats = postedById.values().stream().filter(Posted::duplicate).count();
    long slow =
        postedById.values().stream().filter(p -> p.answeredMillis() - p.idMillis() > 1000).count();
    System.out.printf(
        "%s: %d posted (%d answered as a repeat of an earlier attempt, %d answered more than 1 s"
            + " after their id's time), %d ms%n",
        fault, posted.size(), repeats, slow, runEnded - runStarted);
    for (String group : List.of("amo", "alo", "eo")) {
      var stray = new HashSet<String>();
      synchronized (seen.get(group).deliveries) {
        seen.get(group).deliveries.forEach(d -> stray.add(d.id()));
      }
      stray.removeAll(posted);
      System.out.printf(
          "%s %s: %d delivered ids no 201 named (posts whose failed attempt was stored)%n",
          fault, group, stray.size());
    }
    // at most once: never twice
    Map<String, Integer> amo = counts(seen.get("amo").deliveries);
    long duplicates = amo.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "%s at_most_once: %d of %d delivered, %d duplicates%n",
        fault, amo.size(), posted.size(), duplicates);
    assertEquals(0, duplicates, "at_most_once hands no message out twice");
    // at least once: nothing lost
    var aloLost = new HashSet<>(posted);
    aloLost.removeAll(seen.get("alo").doneAtNanos.keySet());
    System.out.printf(
        "%s at_least_once: %d deliveries of %d messages, %d lost%n",
        fault, seen.get("alo").deliveries.size(), posted.size(), aloLost.size());
    describeLost(fault, "at_least_once", aloLost, postedById, seen.get("alo"));
    assertEquals(Set.of(), aloLost, "at_least_once loses nothing");
    // exactly once: nothing lost, nothing after a done ack, no overlapping leases
    Seen eo = seen.get("eo");
    var eoLost = new HashSet<>(posted);
    eoLost.removeAll(eo.doneAtNanos.keySet());
    int afterDone = 0;
    int overlapping = 0;
    Map<String, List<Delivery>> byId = new HashMap<>();
    synchronized (eo.deliveries) {
      for (Delivery d : eo.deliveries) {
        byId.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d);
        Long done = eo.doneAtNanos.get(d.id());
        if (done != null && d.claimSentNanos() > done) {
          afterDone++;
        }
      }
    }
    for (List<Delivery> ofOne : byId.values()) {
      ofOne.sort((x, y) -> Integer.compare(x.deliveries(), y.deliveries()));
      for (int i = 1; i < ofOne.size(); i++) {
        if (ofOne.get(i).receivedMillis() < ofOne.get(i - 1).leaseExpiresMillis()) {
          overlapping++;
        }
      }
    }
    System.out.printf(
        "%s exactly_once: %d deliveries, %d lost, %d after done, %d overlapping%n",
        fault, eo.deliveries.size(), eoLost.size(), afterDone, overlapping);
    describeLost(fault, "exactly_once", eoLost, postedById, seen.get("eo"));
    assertEquals(Set.of(), eoLost, "exactly_once loses nothing");
    assertEquals(0, afterDone, "exactly_once: nothing handed out after a done ack");
    assertEquals(0, overlapping, "exactly_once: no two leases of a message overlap");
    // poison: in the dead-letter queue exactly once each
    Map<String, Integer> dead = new HashMap<>();
    deadLetters(dlq).forEach(body -> dead.merge(body, 1, Integer::sum));
    var expected = new HashMap<String, Integer>();
    for (int i = 0; i < POISON; i++) {
      expected.put("poison-" + i, 1);
    }
    assertEquals(expected, dead, "each poison message reaches the dead-letter queue once");
  }

  private static Map<String, Integer> counts(List<Delivery> deliveries) {
    var counts = new HashMap<String, Integer>();
    synchronized (deliveries) {
      deliveries.forEach(d -> counts.merge(d.id(), 1, Integer::sum));
    }
    return counts;
  }

  private static List<String> deadLetters(String dlq) {
    for (int server = 0; server < 2; server++) {
      try {
        Answer answer =
            call(server, "GET", "v1/" + APP + "/" + dlq + "?limit=1000", null, null, Map.of());
        if (answer.status() == 200) {
          var bodies = new ArrayList<String>();
          answer
              .json()
              .getJsonArray("messages")
              .getValuesAs(JsonObject.class)
              .forEach(m -> bodies.add(m.getString("body")));
          return bodies;
        }
      } catch (IOException | InterruptedException down) {
        // try the other one
      }
    }
    return List.of();
  }

  /**
   * What a producer learnt of one message: its id's time (from the 201's timestamp), when the 201
   * came, whether it answered a repeat of an earlier attempt, and after how many attempts.
   */
  private record Posted(
      String id, long idMillis, long answeredMillis, boolean duplicate, int tries) {}

  /** The evidence for a lost message: when it was posted and answered, what the group did. */
  private static void describeLost(
      Fault fault, String mode, Set<String> lost, Map<String, Posted> posted, Seen seen) {
    for (String id : lost) {
      Posted p = posted.get(id);
      var deliveries = new ArrayList<String>();
      synchronized (seen.deliveries) {
        seen.deliveries.stream()
            .filter(d -> d.id().equals(id))
            .forEach(d -> deliveries.add(d.deliveries() + "@" + d.receivedMillis()));
      }
      System.out.printf(
          "%s %s LOST %s: id time %d, 201 at %d (%d ms later), repeat %s, %d attempts;"
              + " deliveries %s%n",
          fault,
          mode,
          id,
          p.idMillis(),
          p.answeredMillis(),
          p.answeredMillis() - p.idMillis(),
          p.duplicate(),
          p.tries(),
          deliveries);
    }
  }

  private static void produce(String queue, int producer, Map<String, Posted> posted) {
    for (int i = 0; i < MESSAGES; i++) {
      String key = "p" + producer + "-" + i + "-" + UUID.randomUUID();
      int server = (producer + i) % 2;
      // Long enough to outlast a node restart and both instances' readiness on a loaded machine
      // (90 s was not, at a load average of 40): a producer keeps its key until it gets a 201.
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      int tries = 0;
      // Paced, so that posting goes on while the fault happens.
      sleep(PACE_MILLIS);
      while (System.nanoTime() < deadline) {
        tries++;
        try {
          Answer answer =
              call(
                  server,
                  "POST",
                  "v1/" + APP + "/" + queue,
                  "text/plain",
                  "m-" + key,
                  Map.of("Idempotency-Key", key, "X-Partition", Integer.toString(1 + i % 2)));
          if (answer.status() == 201) {
            JsonObject entry = answer.json().getJsonArray("messages").getJsonObject(0);
            String id = entry.getString("key");
            long idMillis =
                new java.math.BigDecimal(entry.getString("timestamp"))
                    .movePointRight(3)
                    .longValue();
            posted.put(
                id,
                new Posted(
                    id,
                    idMillis,
                    System.currentTimeMillis(),
                    entry.getBoolean("duplicate", false),
                    tries));
            break;
          }
        } catch (IOException down) {
          // retried below, on the other instance, with the same key
        } catch (InterruptedException interrupted) {
          return;
        }
        server = 1 - server;
        sleep(100);
      }
    }
  }

  private static void consume(
      String queue, String group, int preferred, Seen seen, AtomicBoolean stop) {
    String base = "v1/" + APP + "/" + queue + "/groups/" + group;
    int server = preferred;
    var random = ThreadLocalRandom.current();
    while (!stop.get()) {
      try {
        long sent = System.nanoTime();
        Answer answer =
            call(server, "POST", base + "/claim", JSON, "{\"max\":5,\"wait\":1}", Map.of());
        if (answer.status() != 200) {
          server = 1 - server;
          sleep(200);
          continue;
        }
        long received = System.currentTimeMillis();
        var messages = answer.json().getJsonArray("messages").getValuesAs(JsonObject.class);
        var receipts = new ArrayList<String>();
        var idOf = new HashMap<String, String>();
        for (JsonObject m : messages) {
          String id = m.getString("message_id");
          long expires = (long) (Double.parseDouble(m.getString("lease_expires")) * 1000);
          seen.deliveries.add(new Delivery(id, m.getInt("deliveries"), sent, received, expires));
          if (!m.isNull("receipt") && !m.getString("body").startsWith("poison")) {
            int fate = random.nextInt(100);
            if (fate < 8) {
              continue; // dies before acknowledging
            }
            if (fate < 12) {
              sleep(3500); // sleeps past the lease
            }
            receipts.add(m.getString("receipt"));
            idOf.put(m.getString("receipt"), id);
          }
        }
        if (!receipts.isEmpty()) {
          ack(server, base, receipts, idOf, seen);
        }
      } catch (IOException down) {
        server = 1 - server;
        sleep(200);
      } catch (InterruptedException interrupted) {
        return;
      }
    }
  }

  /** Longer than a Cassandra node's restart and the instances' reconnect under load. */
  private static final Duration ACK_RETRY_LIMIT = Duration.ofMinutes(4);

  private static void ack(
      int server, String base, List<String> receipts, Map<String, String> idOf, Seen seen)
      throws InterruptedException {
    var array = Json.createArrayBuilder();
    receipts.forEach(array::add);
    String body = Json.createObjectBuilder().add("receipts", array).build().toString();
    // Until the answer is definitive: a 503 (storage down, e.g. while the node restarts) may hide
    // an ack that was applied, and the contract makes the ack safe to repeat. A consumer that gave
    // up would count an applied ack as a lost message.
    long until = System.nanoTime() + ACK_RETRY_LIMIT.toNanos();
    while (System.nanoTime() < until) {
      try {
        Answer answer = call(server, "POST", base + "/ack", JSON, body, Map.of());
        if (answer.status() == 200) {
          long now = System.nanoTime();
          JsonObject failed = answer.json().getJsonObject("failed");
          for (String receipt : receipts) {
            if (!failed.containsKey(receipt)) {
              seen.doneAtNanos.putIfAbsent(idOf.get(receipt), now);
            }
          }
          return;
        }
      } catch (IOException down) {
        // repeat: an ack is safe to repeat
      }
      server = 1 - server;
      sleep(200);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
