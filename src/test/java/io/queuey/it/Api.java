package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A small HTTP client for the black-box tests: requests by path, answers with parsed JSON. */
public final class Api {

  public static final String APP_ONE = "app-one";
  public static final String KEY_ONE = "it-key-one";
  public static final String KEY_ONE_NEXT = "it-key-one-next";
  public static final String APP_TWO = "app-two";
  public static final String KEY_TWO = "it-key-two";

  /** HTTP/1.1 only: no h2c upgrade dance, so that every request reaches the server as sent. */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** An answer: its status, headers and body (parsed as JSON where it is JSON). */
  public record Answer(int status, HttpResponse<String> raw) {

    public JsonObject json() {
      return Json.createReader(new StringReader(raw.body())).readObject();
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    /** The keys of {@code error_msg}. */
    public Set<String> errorKeys() {
      return json().getJsonObject("error_msg").keySet();
    }

    /** The {@code messages} list of a success body. */
    public List<JsonObject> messages() {
      return json().getJsonArray("messages").getValuesAs(JsonObject.class);
    }

    /** The {@code message_id}s of a read or fetch, in the order answered. */
    public List<String> messageIds() {
      return messages().stream().map(message -> message.getString("message_id")).toList();
    }

    /** The bodies of a read or fetch, in the order answered. */
    public List<String> bodies() {
      return messages().stream().map(message -> message.getString("body")).toList();
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  private Api() {}

  public static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(QueueyServer.baseUri().resolve(path)).timeout(REQUEST_TIMEOUT);
  }

  public static String application(String key) {
    return "Application " + key;
  }

  public static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response);
  }

  /**
   * Any request: {@code authorization} is the whole header value (null: none), {@code headers}
   * further headers, {@code body} null for none.
   */
  public static Answer raw(
      String method, String path, String authorization, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    var request =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    return send(request);
  }

  public static Answer get(String path, String key) throws IOException, InterruptedException {
    var request = request(path).GET();
    if (key != null) {
      request.header("Authorization", application(key));
    }
    return send(request);
  }

  public static Answer delete(String path, String key) throws IOException, InterruptedException {
    return raw("DELETE", path, key == null ? null : application(key), Map.of(), null);
  }

  public static Answer form(String method, String path, String key, Map<String, String> fields)
      throws IOException, InterruptedException {
    var request =
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(formEncoded(fields)));
    if (key != null) {
      request.header("Authorization", application(key));
    }
    return send(request);
  }

  public static String formEncoded(Map<String, String> fields) {
    var body = new StringBuilder();
    fields.forEach(
        (name, value) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return body.toString();
  }

  /** A request with a JSON body. */
  public static Answer json(String method, String path, String key, String json)
      throws IOException, InterruptedException {
    return raw(
        method,
        path,
        key == null ? null : application(key),
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts one message as {@code text/plain}; {@code headers} such as X-TTL and X-Partition. */
  public static Answer postMessage(
      String app, String key, String queue, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    var all = new LinkedHashMap<String, String>();
    all.put("Content-Type", "text/plain; charset=utf-8");
    all.putAll(headers);
    return raw(
        "POST",
        "v1/" + app + "/" + queue,
        key == null ? null : application(key),
        all,
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts one message that must be accepted, and answers its {@code key}. */
  public static String postOk(String app, String key, String queue, String body)
      throws IOException, InterruptedException {
    return posted(postMessage(app, key, queue, body, Map.of())).get(0).getString("key");
  }

  /** Posts one message to a partition; it must be accepted. Answers the posted entry. */
  public static JsonObject postOk(String app, String key, String queue, String body, int partition)
      throws IOException, InterruptedException {
    return posted(
            postMessage(app, key, queue, body, Map.of("X-Partition", Integer.toString(partition))))
        .get(0);
  }

  /** The {@code messages} of a 201 answer to a post. */
  public static List<JsonObject> posted(Answer answer) {
    assertEquals(201, answer.status(), () -> "the post is accepted: " + answer);
    return answer.messages();
  }

  /** The JSON of a batch of bodies, each with the fields given per item (may be empty). */
  public static String batch(List<Map<String, Object>> items) {
    var messages = Json.createArrayBuilder();
    for (Map<String, Object> item : items) {
      var message = Json.createObjectBuilder();
      item.forEach(
          (name, value) -> {
            if (value instanceof Integer number) {
              message.add(name, number);
            } else if (value == null) {
              message.addNull(name);
            } else if (value instanceof JsonValue json) {
              message.add(name, json);
            } else {
              message.add(name, value.toString());
            }
          });
      messages.add(message);
    }
    return Json.createObjectBuilder().add("messages", messages).build().toString();
  }

  /** The queue names of a listing answer, in the order answered. */
  public static List<String> queueNames(Answer listing) {
    JsonArray queues = listing.json().getJsonArray("queues");
    var names = new ArrayList<String>(queues.size());
    for (JsonObject queue : queues.getValuesAs(JsonObject.class)) {
      names.add(queue.getString("queue_name"));
    }
    return names;
  }

  /** A fresh queue name, unique across test runs: {@code prefix-<12 hex>}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Asserts the error shape of API.md and that {@code error_msg} has the keys given. */
  public static void assertError(Answer answer, int status, String... keys) {
    assertEquals(status, answer.status(), () -> "status of " + answer);
    assertJsonError(answer);
    for (String key : keys) {
      assertTrue(
          answer.errorKeys().contains(key), () -> "error_msg has the key '" + key + "': " + answer);
    }
  }

  /** The error body of API.md: JSON, status "error", a non-empty error_msg of strings. */
  public static void assertJsonError(Answer answer) {
    assertTrue(
        answer.contentType() != null && answer.contentType().startsWith("application/json"),
        () -> "an error is JSON, not " + answer.contentType() + ": " + answer);
    JsonObject json = answer.json();
    assertEquals("error", json.getString("status"), () -> "status of " + answer);
    assertEquals(
        JsonValue.ValueType.OBJECT,
        json.get("error_msg").getValueType(),
        () -> "error_msg is an object: " + answer);
    JsonObject errors = json.getJsonObject("error_msg");
    assertTrue(!errors.isEmpty(), () -> "error_msg names the problem: " + answer);
    errors
        .values()
        .forEach(
            message ->
                assertEquals(
                    JsonValue.ValueType.STRING,
                    message.getValueType(),
                    () -> "each error message is a string: " + answer));
  }

  /** A 403 as API.md has it: the words "Access was denied" in the JSON error body. */
  public static void assertDenied(Answer answer) {
    assertEquals(403, answer.status(), () -> "access is denied: " + answer);
    assertJsonError(answer);
    assertTrue(answer.body().contains("Access was denied"), () -> "the 403 says so: " + answer);
  }
}
