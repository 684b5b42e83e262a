package io.queuey.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A small HTTP client for the black-box tests: requests by path, answers with parsed JSON. */
public final class Api {

  public static final String APP_ONE = "app-one";
  public static final String KEY_ONE = "it-key-one";
  public static final String APP_TWO = "app-two";
  public static final String KEY_TWO = "it-key-two";

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** An answer: its status, headers and body (parsed as JSON where it is JSON). */
  public record Answer(int status, HttpResponse<String> raw) {

    public JsonObject json() {
      return Json.createReader(new StringReader(raw.body())).readObject();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  private Api() {}

  public static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(QueueyServer.baseUri().resolve(path));
  }

  public static String application(String key) {
    return "Application " + key;
  }

  public static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response);
  }

  public static Answer get(String path, String key) throws IOException, InterruptedException {
    var request = request(path).GET();
    if (key != null) {
      request.header("Authorization", application(key));
    }
    return send(request);
  }

  public static Answer form(String method, String path, String key, Map<String, String> fields)
      throws IOException, InterruptedException {
    var body = new StringBuilder();
    fields.forEach(
        (name, value) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
              .append('=')
              .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        });
    var request =
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    if (key != null) {
      request.header("Authorization", application(key));
    }
    return send(request);
  }
}
