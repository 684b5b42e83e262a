package io.queuey.bench;

import io.queuey.messages.entity.MessageId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Queuey's API as the benchmark's clients use it: the JDK's non-blocking HTTP client (HTTP/1.1,
 * keep-alive, one connection per request in flight). Every operation checks the status and the
 * shape of the answer, so that a fast wrong answer counts as an error, not as throughput.
 */
final class Http {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final URI base;
  private final String app;
  private final String authorization;
  private final String body;

  /** Bytes of the last answer body: {@link #answerBytes} samples an operation's with it. */
  private final java.util.concurrent.atomic.AtomicInteger lastAnswerBytes =
      new java.util.concurrent.atomic.AtomicInteger();

  Http(URI base, String app, String key, String body) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.base = base;
    this.app = app;
    this.authorization = "Application " + key;
    this.body = body;
  }

  String app() {
    return app;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization);
  }

  private String queuePath(String queue) {
    return "v1/" + app + "/" + queue;
  }

  /** Sends and checks the status; completes exceptionally with what came back otherwise. */
  private CompletableFuture<String> send(HttpRequest request, int expectedStatus) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != expectedStatus) {
                String text = response.body();
                throw new IllegalStateException(
                    request.method()
                        + " "
                        + request.uri().getPath()
                        + " answered "
                        + response.statusCode()
                        + ": "
                        + text.substring(0, Math.min(300, text.length())));
              }
              lastAnswerBytes.set(response.body().getBytes(StandardCharsets.UTF_8).length);
              return response.body();
            });
  }

  /**
   * The size of the answer of one request of {@code operation} (run alone): what the floor row of
   * that operation answers.
   */
  int answerBytes(Load.Operation operation) throws Exception {
    operation.start(0).get(60, java.util.concurrent.TimeUnit.SECONDS);
    return lastAnswerBytes.get();
  }

  /** Bytes of a batch POST's request body of {@code size} messages. */
  int batchRequestBytes(int size) {
    return batchJson(size).getBytes(StandardCharsets.UTF_8).length;
  }

  int bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8).length;
  }

  static int occurrences(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
      count++;
    }
    return count;
  }

  private static int require(int found, int expected, String what) {
    if (found != expected) {
      throw new IllegalStateException("expected " + expected + " " + what + ", got " + found);
    }
    return found;
  }

  // --- queues -----------------------------------------------------------------------------

  CompletableFuture<String> createQueue(String name) {
    return send(
        request("v1/" + app)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "queue_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .build(),
        201);
  }

  /** Creates a queue of a fresh name with every request, however often it is run. */
  Load.Operation createQueues() {
    String prefix = "q-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    var next = new AtomicLong();
    return sequence -> createQueue(prefix + next.getAndIncrement()).thenApply(answer -> 1);
  }

  /** One page of the queue listing; it must be full. */
  CompletableFuture<Integer> listPage(String offset, int limit) {
    String query = "?limit=" + limit + (offset == null ? "" : "&offset=" + offset);
    return send(request("v1/" + app + query).GET().build(), 200)
        .thenApply(answer -> require(occurrences(answer, "\"queue_name\""), limit, "queues"));
  }

  // --- messages ---------------------------------------------------------------------------

  /** One message, the body as the request body. */
  Load.Operation postOne(String queue) {
    HttpRequest request =
        request(queuePath(queue))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return sequence ->
        send(request, 201).thenApply(answer -> require(occurrences(answer, "\"key\""), 1, "keys"));
  }

  /** A JSON batch of {@code size} messages. */
  Load.Operation postBatch(String queue, int size) {
    HttpRequest request = batchRequest(queue, size);
    return sequence ->
        send(request, 201)
            .thenApply(answer -> require(occurrences(answer, "\"key\""), size, "keys"));
  }

  private HttpRequest batchRequest(String queue, int size) {
    return request(queuePath(queue))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(batchJson(size)))
        .build();
  }

  private String batchJson(int size) {
    var json = new StringBuilder("{\"messages\": [");
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"body\": \"").append(body).append("\"}");
    }
    json.append("]}");
    return json.toString();
  }

  /** One message whose body {@code bodyOf} makes per request (the latency probe's timestamps). */
  Load.Operation postEach(String queue, java.util.function.LongFunction<String> bodyOf) {
    return sequence ->
        send(
                request(queuePath(queue))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(bodyOf.apply(sequence)))
                    .build(),
                201)
            .thenApply(answer -> 1);
  }

  /**
   * Posts {@code count} messages in batches of 100 and answers their ids in storage order (the
   * order a range read returns them).
   */
  List<MessageId> seed(String queue, int count, int concurrency) throws InterruptedException {
    var ids = java.util.Collections.synchronizedList(new ArrayList<MessageId>(count));
    int batches = (count + 99) / 100;
    Load.Sample sample =
        Load.closedLoop(
            "http seed",
            sequence -> {
              int size = (int) Math.min(100, count - sequence * 100);
              return send(batchRequest(queue, size), 201)
                  .thenApply(
                      answer -> {
                        JsonObject json = Json.createReader(new StringReader(answer)).readObject();
                        json.getJsonArray("messages")
                            .forEach(
                                posted ->
                                    ids.add(
                                        MessageId.parse(
                                            "key", posted.asJsonObject().getString("key"))));
                        return size;
                      });
            },
            concurrency,
            Duration.ofHours(1),
            batches);
    if (sample.errors() > 0) {
      throw new IllegalStateException(
          "seeding queue " + queue + " failed: " + Load.firstFailures());
    }
    List<MessageId> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    return sorted;
  }

  /** A page of {@code limit} messages from a random one of {@code ids} on; it must be full. */
  Load.Operation readSince(String queue, List<MessageId> ids, int limit) {
    int starts = ids.size() - limit;
    return sequence ->
        readSince(queue, ids.get(ThreadLocalRandom.current().nextInt(starts + 1)), limit);
  }

  /** One page from {@code since} on; it must be full and start with that message. */
  CompletableFuture<Integer> readSince(String queue, MessageId since, int limit) {
    String path = queuePath(queue) + "?since=" + since.hex() + "&limit=" + limit;
    return send(request(path).GET().build(), 200)
        .thenApply(
            answer -> {
              int first = answer.indexOf("\"message_id\"");
              if (first < 0
                  || !answer.startsWith(since.hex(), answer.indexOf('"', first + 13) + 1)) {
                throw new IllegalStateException("the page does not start at " + since.hex());
              }
              return require(occurrences(answer, "\"message_id\""), limit, "messages");
            });
  }

  /** One message by id, a random one of {@code ids}. */
  Load.Operation readById(String queue, List<MessageId> ids) {
    return sequence -> {
      MessageId id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
      return send(request(queuePath(queue) + "/" + id.hex()).GET().build(), 200)
          .thenApply(answer -> require(occurrences(answer, id.hex()), 1, "messages"));
    };
  }

  /**
   * Creates (or overwrites) the messages of the given ids with one PUT: how messages with
   * timestamps in the past, spread over several time buckets, get into a queue through the API.
   */
  Load.Operation putIds(String queue, IntFunction<List<MessageId>> idsOfRequest) {
    return sequence -> {
      List<MessageId> ids = idsOfRequest.apply((int) sequence);
      var path = new StringBuilder(queuePath(queue)).append('/');
      for (int i = 0; i < ids.size(); i++) {
        path.append(i == 0 ? "" : ",").append(ids.get(i).hex());
      }
      return send(
              request(path.toString())
                  .header("Content-Type", "text/plain; charset=utf-8")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              200)
          .thenApply(answer -> ids.size());
    };
  }

  // --- the floor: a bare JAX-RS resource in the same Payara Micro -----------------------------

  /**
   * GET of a fixed JSON answer of {@code answerBytes} bytes from the floor WAR at {@code floor}.
   */
  Load.Operation floorGet(URI floor, int answerBytes) {
    HttpRequest request =
        HttpRequest.newBuilder(floor.resolve("bytes/" + answerBytes))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", authorization)
            .GET()
            .build();
    return sequence -> send(request, 200).thenApply(answer -> requireBytes(answer, answerBytes));
  }

  /** POST of {@code requestBytes} bytes answered by a fixed JSON of {@code answerBytes} bytes. */
  Load.Operation floorPost(URI floor, int requestBytes, int answerBytes, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(floor.resolve("bytes/" + answerBytes))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(Benchmark.body(requestBytes)))
            .build();
    return sequence -> send(request, 201).thenApply(answer -> requireBytes(answer, answerBytes));
  }

  private static int requireBytes(String answer, int bytes) {
    require(answer.length(), bytes, "bytes");
    return 1;
  }

  // --- consumer groups --------------------------------------------------------------------

  /** Creates a queue with {@code partitions} partitions. */
  CompletableFuture<String> createQueue(String name, int partitions) {
    return send(
        request("v1/" + app)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "queue_name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)
                        + "&partitions="
                        + partitions))
            .build(),
        201);
  }

  /** Creates a group of {@code mode} on {@code queue}, beginning at {@code start}. */
  CompletableFuture<String> createGroup(String queue, String group, String mode, String start) {
    return send(
        request(queuePath(queue) + "/groups")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("group_name", group)
                        .add("mode", mode)
                        .add("start", start)
                        .add("visibility", 60)
                        .build()
                        .toString()))
            .build(),
        201);
  }

  /** What one claim answered: the messages' bodies and receipts (null in at_most_once). */
  record Claimed(List<String> bodies, List<String> receipts) {}

  /** Claims up to {@code max} messages, waiting up to {@code waitSeconds} for one. */
  CompletableFuture<Claimed> claim(String queue, String group, int max, int waitSeconds) {
    String path =
        queuePath(queue) + "/groups/" + group + "/claim?max=" + max + "&wait=" + waitSeconds;
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), 200)
        .thenApply(
            answer -> {
              var messages =
                  Json.createReader(new StringReader(answer)).readObject().getJsonArray("messages");
              var bodies = new ArrayList<String>(messages.size());
              var receipts = new ArrayList<String>(messages.size());
              for (var message : messages) {
                JsonObject json = message.asJsonObject();
                bodies.add(json.getString("body"));
                if (!json.isNull("receipt")) {
                  receipts.add(json.getString("receipt"));
                }
              }
              if (messages.size() > max) {
                throw new IllegalStateException(
                    "claimed " + messages.size() + " messages with max=" + max);
              }
              return new Claimed(bodies, receipts);
            });
  }

  /** Acknowledges {@code receipts}; every one must be done. */
  CompletableFuture<Integer> ack(String queue, String group, List<String> receipts) {
    var array = Json.createArrayBuilder();
    receipts.forEach(array::add);
    return send(
            request(queuePath(queue) + "/groups/" + group + "/ack")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("receipts", array).build().toString()))
                .build(),
            200)
        .thenApply(
            answer -> {
              JsonObject json = Json.createReader(new StringReader(answer)).readObject();
              int done = json.getInt("done");
              if (done != receipts.size()) {
                throw new IllegalStateException(
                    "ack of " + receipts.size() + " receipts: " + answer);
              }
              return done;
            });
  }

  /**
   * The sum of the application's samples of a counter on {@code /metrics} (Prometheus text; a
   * counter {@code x} is exported as {@code x_total}), or 0 when it has none yet.
   */
  double counter(String name) throws Exception {
    String text =
        send(request("metrics?scope=application").GET().build(), 200)
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
    double sum = 0;
    String tag = "application=\"" + app + "\"";
    for (String line : text.split("\n")) {
      if (line.startsWith(name) && line.contains(tag)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
