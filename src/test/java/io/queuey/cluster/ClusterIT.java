package io.queuey.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.queuey.it.PayaraMicro;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.storage.QueueBuckets;
import io.queuey.tools.LocalCassandra;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Queuey on a real cluster: three local Cassandra nodes (127.0.0.1-3, replication factor 3) and two
 * Queuey instances, started once for the class. Every load loop is bounded in time and count;
 * assertions count losses and wrong statuses, never speed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final int NATIVE_PORT = Integer.getInteger("cluster.native.port", 19142);
  private static final int STORAGE_PORT = Integer.getInteger("cluster.storage.port", 17100);
  private static final String APP = "app-one";
  private static final String KEY = "Application it-key-one";
  private static final String KEYSPACE = "queuey_it";
  private static final Duration CACHE = Duration.ofMillis(1000);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static List<LocalCassandra> nodes;
  private static PayaraMicro one;
  private static PayaraMicro two;

  @BeforeAll
  static void start() throws Exception {
    nodes =
        LocalCassandra.cluster(
            3,
            Path.of("target", "cluster-cassandra").toAbsolutePath(),
            "queuey-cluster",
            NATIVE_PORT,
            STORAGE_PORT,
            System.getProperty("cluster.heap", "640m"),
            Path.of("target", "cassandra.classpath"),
            Path.of("server-config", "cassandra", "cassandra.yaml"));
    for (LocalCassandra node : nodes) {
      node.stopRecorded();
      node.wipe();
    }
    // The seed first; the others join it one after another.
    for (LocalCassandra node : nodes) {
      node.start();
    }
    awaitNodesUp(3, Duration.ofMinutes(2));
    String contactPoints =
        nodes.stream()
            .map(node -> node.settings().address() + ":" + NATIVE_PORT)
            .collect(Collectors.joining(","));
    List<String> properties =
        List.of(
            "-Dqueuey.cassandra.replication={'class': 'SimpleStrategy', 'replication_factor': 3}",
            "-Dqueuey.cassandra.topology=single-dc",
            "-Dqueuey.queues.cache-ms=" + CACHE.toMillis());
    one = PayaraMicro.start(contactPoints, properties, Path.of("target", "payara-cluster-1.log"));
    two = PayaraMicro.start(contactPoints, properties, Path.of("target", "payara-cluster-2.log"));
    // Two WARs connecting to a fresh three-node cluster on a busy two-core machine: slow.
    one.awaitReadiness(200, Duration.ofMinutes(8));
    two.awaitReadiness(200, Duration.ofMinutes(8));
  }

  @AfterAll
  static void stop() {
    for (PayaraMicro payara : new PayaraMicro[] {one, two}) {
      if (payara != null) {
        payara.close();
      }
    }
    if (nodes != null) {
      nodes.forEach(LocalCassandra::stop);
    }
  }

  // ---- metadata across instances

  @Test
  @Order(1)
  void concurrentUpdatesThroughBothInstancesNeverLoseAFieldNorShrinkPartitions() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String queue = "race-" + round;
        assertEquals(201, send(one, "POST", "v1/" + APP, form("queue_name=" + queue)).status());
        // A client repeats an update answered 503 (the storage did not answer in time, e.g. a CAS
        // timeout on this loaded machine): the same PUT again, as the contract allows.
        Future<Answer> grow =
            pool.submit(() -> untilNot503(one, "PUT", "v1/" + APP + "/" + queue, "partitions=8"));
        Future<Answer> publish =
            pool.submit(() -> untilNot503(two, "PUT", "v1/" + APP + "/" + queue, "type=public"));
        assertEquals(200, grow.get(60, TimeUnit.SECONDS).status(), "round " + round);
        assertEquals(200, publish.get(60, TimeUnit.SECONDS).status(), "round " + round);
        // An empty update answers the current settings, read linearizably.
        JsonObject stored = send(two, "PUT", "v1/" + APP + "/" + queue, form("")).json();
        assertEquals(8, stored.getInt("partitions"), "round " + round);
        assertEquals("public", stored.getString("type"), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(2)
  void aQueueDeletedThroughOneInstanceIsA404ThroughTheOtherWithinTheCacheWindow() throws Exception {
    String queue = "deleted-elsewhere";
    assertEquals(201, send(one, "POST", "v1/" + APP, form("queue_name=" + queue)).status());
    assertEquals(201, postMessage(two, queue, "seen", 1).status());
    assertEquals(200, send(one, "DELETE", "v1/" + APP + "/" + queue, null).status());
    Instant deleted = Instant.now();
    int status = 0;
    while (Instant.now().isBefore(deleted.plus(CACHE).plusSeconds(10))) {
      status = send(two, "GET", "v1/" + APP + "/" + queue, null).status();
      if (status == 404) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(404, status);
    // The window is the cache's time to live; the margin is for this machine's scheduling.
    assertTrue(
        Duration.between(deleted, Instant.now()).compareTo(CACHE.plusSeconds(5)) < 0,
        "404 within the cache window");
  }

  // ---- a Cassandra node killed under load

  @Test
  @Order(3)
  void killingCassandraNodesUnderMixedLoadLosesNoAcknowledgedMessage() throws Exception {
    String queue = "strong-load";
    assertEquals(
        201,
        send(one, "POST", "v1/" + APP, form("queue_name=" + queue + "&partitions=4")).status());
    String weak = "weak-load";
    assertEquals(
        201,
        send(one, "POST", "v1/" + APP, form("queue_name=" + weak + "&consistency=weak")).status());
    String veryStrong = "very-strong-load";
    assertEquals(
        201,
        send(
                one,
                "POST",
                "v1/" + APP,
                form("queue_name=" + veryStrong + "&consistency=very_strong"))
            .status());

    try (var load = new Load(queue, 4, List.of(one, two))) {
      load.runFor(Duration.ofSeconds(5));
      nodes.get(2).kill();
      load.runFor(Duration.ofSeconds(15));
      assertDownNodeTolerated(weak, veryStrong);
      runUntilAnswersAreOk(load);
      assertTrue(load.lastAnswerOk(), "503s stopped while node 3 is down: " + load.summary());

      nodes.get(2).start();
      awaitNodesUp(3, Duration.ofMinutes(2));
      load.runFor(Duration.ofSeconds(5));
      nodes.get(1).kill();
      load.runFor(Duration.ofSeconds(15));
      runUntilAnswersAreOk(load);
      assertTrue(load.lastAnswerOk(), "503s stopped while node 2 is down: " + load.summary());
      load.assertOnlyOkOr503();
      load.assertNothingLost(two);
      assertTrue(load.acknowledged() > 0, load.summary());
      System.out.println("Cassandra node kills: " + load.summary());
    } finally {
      for (LocalCassandra node : nodes) {
        if (!node.isRunning()) {
          node.start();
        }
      }
      awaitNodesUp(3, Duration.ofMinutes(2));
    }
  }

  /**
   * Goes on with the load, in steps, for at most a minute until the last answer is a 2xx: until the
   * driver and the other nodes' failure detectors have convicted the killed node, a request may
   * still wait on it and end in a 503; the test asserts that this stops, not when.
   */
  private static void runUntilAnswersAreOk(Load load) throws Exception {
    for (int step = 0; step < 12 && !load.lastAnswerOk(); step++) {
      load.runFor(Duration.ofSeconds(5));
    }
  }

  private void assertDownNodeTolerated(String weak, String veryStrong) throws Exception {
    Answer weakPost = postMessage(one, weak, "with a node down", 1);
    assertEquals(201, weakPost.status(), weakPost.body());
    String weakId = weakPost.json().getJsonArray("messages").getJsonObject(0).getString("key");
    // At ONE, the replica read may get the write a moment after the one that acknowledged it.
    List<String> weakBodies = List.of();
    for (int attempt = 0; attempt < 50 && weakBodies.isEmpty(); attempt++) {
      weakBodies = bodies(fetch(two, weak, List.of("1:" + weakId)));
      if (weakBodies.isEmpty()) {
        Thread.sleep(100);
      }
    }
    assertEquals(List.of("with a node down"), weakBodies);

    // very_strong is QUORUM in one data centre: it survives one node; its range reads wait
    // out the read delay (600 s), fetching by id does not.
    Answer strongPost = postMessage(two, veryStrong, "very strong", 1);
    assertEquals(201, strongPost.status(), strongPost.body());
    String id = strongPost.json().getJsonArray("messages").getJsonObject(0).getString("key");
    assertEquals(List.of("very strong"), bodies(fetch(one, veryStrong, List.of("1:" + id))));
    assertEquals(
        List.of(), bodies(send(one, "GET", "v1/" + APP + "/" + veryStrong + "?since=0", null)));
  }

  // ---- a Queuey instance killed under load

  @Test
  @Order(4)
  void killingAQueueyInstanceUnderLoadLosesNoAcknowledgedMessage() throws Exception {
    String queue = "instance-kill";
    assertEquals(
        201,
        send(two, "POST", "v1/" + APP, form("queue_name=" + queue + "&partitions=2")).status());
    try (var load = new Load(queue, 2, List.of(one, two))) {
      load.runFor(Duration.ofSeconds(5));
      one.kill();
      load.runFor(Duration.ofSeconds(8));
      load.assertNothingLost(two);
      assertTrue(load.okFrom(two) > 0, load.summary());
      assertEquals(0, load.notOkFrom(two), "the other instance keeps serving: " + load.summary());
      System.out.println("Queuey instance kill: " + load.summary());
    }
  }

  // ---- reclaiming a large deleted queue under load

  @Test
  @Order(5)
  void deletingAQueueOf200PartitionsAnd72BucketsLeavesForegroundRequestsUnharmed()
      throws Exception {
    String big = "big-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(
        201,
        send(two, "POST", "v1/" + APP, form("queue_name=" + big + "&partitions=200")).status());
    String busy = "busy";
    assertEquals(201, send(two, "POST", "v1/" + APP, form("queue_name=" + busy)).status());
    try (CqlSession session = session()) {
      UUID queueId =
          session
              .execute(
                  "SELECT queue_id FROM "
                      + KEYSPACE
                      + ".queues WHERE application = ? AND bucket = ? AND queue_name = ?",
                  APP,
                  QueueBuckets.of(new QueueName(big), 32),
                  big)
              .one()
              .getUuid(0);
      seedIndex(session, queueId, 200, 72);
      assertEquals(72, indexRows(session, queueId, 200));

      try (var load = new Load(busy, 1, List.of(two))) {
        load.runFor(Duration.ofSeconds(2));
        assertEquals(200, send(two, "DELETE", "v1/" + APP + "/" + big, null).status());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (indexRows(session, queueId, 200) > 0 && Instant.now().isBefore(deadline)) {
          load.runFor(Duration.ofSeconds(2));
        }
        assertEquals(0, indexRows(session, queueId, 200), "the queue was reclaimed");
        assertEquals(0, indexRows(session, queueId, 1), "the queue was reclaimed");
        assertEquals(0, load.notOkFrom(two), "no foreground request failed: " + load.summary());
        load.assertNothingLost(two);
        System.out.println("Delete while loaded: " + load.summary());
      }
    }
  }

  private static void seedIndex(CqlSession session, UUID queueId, int partitions, int buckets) {
    PreparedStatement insert =
        session.prepare(
            "INSERT INTO "
                + KEYSPACE
                + ".message_buckets (queue_id, partition, bucket, expires) VALUES (?, ?, ?, ?)"
                + " USING TTL 86400");
    long hour = Instant.now().getEpochSecond() / 3600 * 3600;
    var writes = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
    for (int partition = 1; partition <= partitions; partition++) {
      var batch = BatchStatement.builder(BatchType.UNLOGGED);
      for (int bucket = 0; bucket < buckets; bucket++) {
        long start = hour - bucket * 3600L;
        batch.addStatement(insert.bind(queueId, partition, start, start + 86400));
      }
      writes.add(session.executeAsync(batch.build()).toCompletableFuture());
      if (writes.size() >= 16) {
        writes.forEach(java.util.concurrent.CompletableFuture::join);
        writes.clear();
      }
    }
    writes.forEach(java.util.concurrent.CompletableFuture::join);
  }

  private static long indexRows(CqlSession session, UUID queueId, int partition) {
    return session
        .execute(
            "SELECT count(*) FROM "
                + KEYSPACE
                + ".message_buckets WHERE queue_id = ? AND partition = ?",
            queueId,
            partition)
        .one()
        .getLong(0);
  }

  private static CqlSession session() {
    var builder = CqlSession.builder().withLocalDatacenter("datacenter1");
    for (LocalCassandra node : nodes) {
      if (node.isReachable()) {
        builder.addContactPoint(new InetSocketAddress(node.settings().address(), NATIVE_PORT));
      }
    }
    return builder.build();
  }

  private static void awaitNodesUp(int count, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      long up = nodes.stream().filter(LocalCassandra::isReachable).count();
      if (up >= count) {
        try (CqlSession session = session()) {
          long known =
              session.getMetadata().getNodes().values().stream()
                  .filter(
                      node ->
                          node.getState() == com.datastax.oss.driver.api.core.metadata.NodeState.UP)
                  .count();
          if (known >= count) {
            return;
          }
        } catch (RuntimeException notYet) {
          // Not all of them gossip yet.
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(up + " of " + count + " Cassandra nodes up");
      }
      Thread.sleep(1000);
    }
  }

  // ---- load

  /**
   * Clients that post single messages and batches, read ranges and fetch by id on one queue through
   * the given instances, for as long as {@link #runFor} says; records what was acknowledged and
   * every status.
   */
  private static final class Load implements AutoCloseable {

    private final String queue;
    private final int partitions;
    private final List<PayaraMicro> instances;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Map<PayaraMicro, AtomicInteger> ok = new ConcurrentHashMap<>();
    private final Map<PayaraMicro, AtomicInteger> notOk = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicInteger lastStatus = new AtomicInteger();
    private final ExecutorService clients = Executors.newFixedThreadPool(4);
    private final AtomicInteger sequence = new AtomicInteger();

    Load(String queue, int partitions, List<PayaraMicro> instances) {
      this.queue = queue;
      this.partitions = partitions;
      this.instances = instances;
      for (PayaraMicro instance : instances) {
        ok.put(instance, new AtomicInteger());
        notOk.put(instance, new AtomicInteger());
      }
    }

    /** Runs the clients for {@code duration}, at most 2,000 requests each. */
    void runFor(Duration duration) throws Exception {
      Instant end = Instant.now().plus(duration);
      var stop = new AtomicBoolean();
      var running = new ArrayList<Future<?>>();
      for (int client = 0; client < 4; client++) {
        PayaraMicro instance = instances.get(client % instances.size());
        running.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 2_000 && Instant.now().isBefore(end) && !stop.get(); i++) {
                    step(instance, i);
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
      }
    }

    private void step(PayaraMicro instance, int i) {
      if (!instance.process().isAlive()) {
        return;
      }
      int partition = 1 + i % partitions;
      try {
        switch (i % 4) {
          case 0 -> {
            String body = "m-" + sequence.incrementAndGet();
            Answer answer = postMessage(instance, queue, body, partition);
            record(instance, answer);
            if (answer.status() == 201) {
              acknowledge(answer, List.of(body));
            }
          }
          case 1 -> {
            List<String> bodies = new ArrayList<>();
            var json = new StringBuilder("{\"messages\": [");
            for (int m = 0; m < 5; m++) {
              String body = "b-" + sequence.incrementAndGet();
              bodies.add(body);
              json.append(m == 0 ? "" : ",")
                  .append("{\"body\": \"")
                  .append(body)
                  .append("\", \"partition\": ")
                  .append(1 + (partition + m) % partitions)
                  .append('}');
            }
            json.append("]}");
            Answer answer =
                send(instance, "POST", "v1/" + APP + "/" + queue, json(json.toString()));
            record(instance, answer);
            if (answer.status() == 201) {
              acknowledge(answer, bodies);
            }
          }
          case 2 ->
              record(
                  instance,
                  send(
                      instance,
                      "GET",
                      "v1/" + APP + "/" + queue + "?since=0&limit=20&partitions=" + partition,
                      null));
          default -> {
            var some = acknowledged.keySet().stream().limit(3).toList();
            if (!some.isEmpty()) {
              record(instance, fetch(instance, queue, some));
            }
          }
        }
      } catch (IOException connectionLost) {
        // The instance died under this request: not acknowledged, so nothing to keep.
        if (instance.process().isAlive()) {
          unexpected.add(instance.baseUri() + ": " + connectionLost);
          notOk.get(instance).incrementAndGet();
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void acknowledge(Answer answer, List<String> bodies) {
      var keys = answer.json().getJsonArray("messages");
      for (int m = 0; m < keys.size(); m++) {
        JsonObject key = keys.getJsonObject(m);
        acknowledged.put(key.getInt("partition") + ":" + key.getString("key"), bodies.get(m));
      }
    }

    private void record(PayaraMicro instance, Answer answer) {
      int status = answer.status();
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      lastStatus.set(status);
      if (status / 100 == 2) {
        ok.get(instance).incrementAndGet();
      } else {
        notOk.get(instance).incrementAndGet();
        if (status != 503) {
          unexpected.add(status + " " + answer.body());
        }
      }
    }

    boolean lastAnswerOk() {
      return lastStatus.get() / 100 == 2;
    }

    int acknowledged() {
      return acknowledged.size();
    }

    int okFrom(PayaraMicro instance) {
      return ok.get(instance).get();
    }

    int notOkFrom(PayaraMicro instance) {
      return notOk.get(instance).get();
    }

    void assertOnlyOkOr503() {
      assertEquals(List.of(), unexpected, "only 2xx and 503");
    }

    /** Fetches every acknowledged message by id through {@code instance}: none may be missing. */
    void assertNothingLost(PayaraMicro instance) throws Exception {
      List<String> refs = new ArrayList<>(acknowledged.keySet());
      Set<String> found = ConcurrentHashMap.newKeySet();
      for (int start = 0; start < refs.size(); start += 50) {
        List<String> chunk = refs.subList(start, Math.min(refs.size(), start + 50));
        Answer answer = fetch(instance, queue, chunk);
        assertEquals(200, answer.status(), answer.body());
        found.addAll(bodies(answer));
      }
      var lost = acknowledged.values().stream().filter(body -> !found.contains(body)).toList();
      assertEquals(List.of(), lost, "acknowledged messages lost: " + lost.size());
    }

    String summary() {
      return acknowledged.size()
          + " acknowledged, statuses "
          + statuses
          + ", unexpected "
          + unexpected;
    }

    @Override
    public void close() {
      clients.shutdownNow();
    }
  }

  // ---- HTTP

  private record Answer(int status, String body) {
    JsonObject json() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }
  }

  private static HttpRequest.BodyPublisher form(String fields) {
    return HttpRequest.BodyPublishers.ofString(fields);
  }

  private static HttpRequest.BodyPublisher json(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private static Answer send(
      PayaraMicro instance, String method, String path, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(instance.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", KEY);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String contentType =
          path.equals("v1/" + APP) || method.equals("PUT")
              ? "application/x-www-form-urlencoded"
              : "application/json";
      request.header("Content-Type", contentType).method(method, body);
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** {@code send} of a form, repeated (at most 5 times, 2 s apart) while it is answered 503. */
  private static Answer untilNot503(PayaraMicro instance, String method, String path, String form)
      throws IOException, InterruptedException {
    Answer answer = send(instance, method, path, form(form));
    for (int retry = 0; retry < 4 && answer.status() == 503; retry++) {
      Thread.sleep(2000);
      answer = send(instance, method, path, form(form));
    }
    return answer;
  }

  private static Answer postMessage(PayaraMicro instance, String queue, String body, int partition)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(instance.baseUri().resolve("v1/" + APP + "/" + queue))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", KEY)
            .header("Content-Type", "text/plain")
            .header("X-Partition", Integer.toString(partition))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static Answer fetch(PayaraMicro instance, String queue, List<String> refs)
      throws IOException, InterruptedException {
    String ids = URLEncoder.encode(String.join(",", refs), StandardCharsets.UTF_8);
    return send(instance, "GET", "v1/" + APP + "/" + queue + "/" + ids, null);
  }

  private static List<String> bodies(Answer answer) {
    return answer.json().getJsonArray("messages").stream()
        .map(message -> message.asJsonObject().getString("body"))
        .toList();
  }
}
