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
              return response.body();
            });
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
    var json = new StringBuilder("{\"messages\": [");
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"body\": \"").append(body).append("\"}");
    }
    json.append("]}");
    return request(queuePath(queue))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
        .build();
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
}
