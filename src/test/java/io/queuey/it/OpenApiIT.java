package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document at {@code /openapi} describes API.md: every v1 call with its parameters,
 * headers, bodies, responses and error shape, well enough to generate a client from it.
 */
@ExtendWith(QueueyServer.class)
class OpenApiIT {

  private static final String APPS = "/v1/{application}";
  private static final String QUEUE = "/v1/{application}/{queue}";
  private static final String IDS = "/v1/{application}/{queue}/{ids}";
  private static final String GROUPS = "/v1/{application}/{queue}/groups";
  private static final String GROUP = GROUPS + "/{group}";
  private static final String QUEUE_STATS = QUEUE + "/stats";
  private static final String APPLICATION_STATS = APPS + "/~stats";
  private static final List<String> GROUP_CALLS =
      List.of("claim", "ack", "release", "extend", "seek");
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String TEXT = "text/*";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static JsonObject document;

  @BeforeAll
  static void fetchTheDocument() throws Exception {
    var answer = Api.get("openapi?format=JSON", null);
    assertEquals(200, answer.status(), () -> "the OpenAPI document is served: " + answer);
    document = answer.json();
  }

  @Test
  void theDocumentDescribesQueueyApiVersion1() {
    assertTrue(document.getString("openapi").startsWith("3."), "an OpenAPI 3 document");
    JsonObject info = document.getJsonObject("info");
    assertEquals("Queuey", info.getString("title"));
    assertEquals("1", info.getString("version"));
    assertFalse(info.getString("description", "").isBlank(), "the API is described");
  }

  @Test
  void theDocumentHasOnlyTheTopLevelKeysOfTheSpecification() {
    // Client generators reject unknown keys, such as the 'endpoints' map Payara adds by itself.
    var allowed =
        Set.of(
            "openapi",
            "info",
            "servers",
            "paths",
            "components",
            "security",
            "tags",
            "externalDocs");
    for (String key : document.keySet()) {
      assertTrue(allowed.contains(key) || key.startsWith("x-"), "unexpected top-level key " + key);
    }
  }

  @Test
  void theDocumentIsServedAsYamlByDefault() throws Exception {
    var answer = Api.get("openapi", null);
    assertEquals(200, answer.status());
    // A YAML document may open with its start marker (Open Liberty writes one, Payara not).
    String yaml = answer.body().startsWith("---\n") ? answer.body().substring(4) : answer.body();
    assertTrue(yaml.startsWith("openapi:"), () -> "YAML: " + answer.body());
  }

  @Test
  void everyPathOfTheApiIsThereWithExactlyItsMethods() {
    Map<String, Set<String>> methods = new LinkedHashMap<>();
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                methods.put(
                    path,
                    item.asJsonObject().keySet().stream()
                        .filter(METHODS::contains)
                        .collect(Collectors.toCollection(TreeSet::new))));
    var expected = new LinkedHashMap<String, Set<String>>();
    expected.put(APPS, Set.of("get", "post"));
    expected.put(QUEUE, Set.of("put", "delete", "get", "post"));
    expected.put(IDS, Set.of("get", "put", "delete"));
    expected.put(GROUPS, Set.of("get", "post"));
    expected.put(GROUP, Set.of("get", "put", "delete"));
    GROUP_CALLS.forEach(call -> expected.put(GROUP + "/" + call, Set.of("post")));
    expected.put(QUEUE_STATS, Set.of("get"));
    expected.put(APPLICATION_STATS, Set.of("get"));
    assertEquals(expected, methods, "only the v1 paths and the extensions', each with its methods");
  }

  @Test
  void listingQueuesTakesLimitOffsetDetailsAndIncludeCount() {
    JsonObject list = operation(APPS, "get");
    assertEquals(
        Set.of(
            "path application",
            "query limit",
            "query offset",
            "query details",
            "query include_count"),
        parameters(list));
    assertRange(parameterSchema(list, "limit"), "integer", 1, 1000);
    assertEquals(100, parameterSchema(list, "limit").getInt("default"));
    assertEquals("boolean", parameterSchema(list, "details").getString("type"));
    assertEquals("boolean", parameterSchema(list, "include_count").getString("type"));
  }

  @Test
  void creatingAndUpdatingAQueueTakeTheirPathParameters() {
    assertEquals(Set.of("path application"), parameters(operation(APPS, "post")));
    assertEquals(Set.of("path application", "path queue"), parameters(operation(QUEUE, "put")));
    assertEquals(Set.of("path application", "path queue"), parameters(operation(QUEUE, "delete")));
  }

  @Test
  void readingMessagesTakesSinceLimitOrderAndPartitions() {
    JsonObject read = operation(QUEUE, "get");
    assertEquals(
        Set.of(
            "path application",
            "path queue",
            "query since",
            "query limit",
            "query order",
            "query partitions"),
        parameters(read));
    assertRange(parameterSchema(read, "limit"), "integer", 1, 1000);
    JsonObject order = parameterSchema(read, "order");
    assertEquals(Set.of("ascending", "descending"), strings(order.getJsonArray("enum")));
    assertEquals("ascending", order.getString("default"));
    assertEquals("string", parameterSchema(read, "since").getString("type"));
    JsonObject partitions = parameter(read, "query", "partitions");
    assertFalse(partitions.getBoolean("explode", true), "partitions are sent comma-separated");
    assertEquals("array", parameterSchema(read, "partitions").getString("type"));
  }

  @Test
  void postingMessagesTakesTheXTtlAndXPartitionHeaders() {
    JsonObject post = operation(QUEUE, "post");
    assertEquals(
        Set.of(
            "path application",
            "path queue",
            "header X-TTL",
            "header X-Partition",
            "header Idempotency-Key"),
        parameters(post));
    assertRange(parameterSchema(post, "X-TTL"), "integer", 1, 1 << 25);
    assertEquals(259200, parameterSchema(post, "X-TTL").getInt("default"));
    assertEquals("integer", parameterSchema(post, "X-Partition").getString("type"));
    assertEquals(1, parameterSchema(post, "X-Partition").getInt("minimum"));
  }

  @Test
  void theCallsOnMessageIdsTakeTheIdListAndOverwritingTheXTtlHeader() {
    Set<String> ids = Set.of("path application", "path queue", "path ids");
    assertEquals(ids, parameters(operation(IDS, "get")));
    assertEquals(ids, parameters(operation(IDS, "delete")));
    var overwrite = new HashSet<>(ids);
    overwrite.add("header X-TTL");
    assertEquals(overwrite, parameters(operation(IDS, "put")));
    JsonObject list = parameterSchema(operation(IDS, "get"), "ids");
    assertEquals("array", list.getString("type"));
    Pattern entry = Pattern.compile(resolve(list.getJsonObject("items")).getString("pattern"));
    assertTrue(entry.matcher("3a6592301e0911e190b1002500f0fa7c").find());
    assertTrue(entry.matcher("2:3a6592301e0911e190b1002500f0fa7c").find());
  }

  @Test
  void everyPathParameterIsDeclaredAndRequired() {
    Pattern variable = Pattern.compile("\\{([^}]+)}");
    forEachOperation(
        (path, method, operation) -> {
          Set<String> inPath = new HashSet<>();
          Matcher matcher = variable.matcher(path);
          while (matcher.find()) {
            inPath.add(matcher.group(1));
          }
          Set<String> declared = new HashSet<>();
          for (JsonValue value : operation.getJsonArray("parameters")) {
            JsonObject parameter = resolve(value.asJsonObject());
            if (parameter.getString("in").equals("path")) {
              declared.add(parameter.getString("name"));
              assertTrue(
                  parameter.getBoolean("required", false),
                  method + " " + path + ": " + parameter.getString("name") + " is required");
            }
          }
          assertEquals(inPath, declared, method + " " + path);
        });
  }

  @Test
  void queueSettingsAreAcceptedFormEncodedOrAsJson() {
    for (JsonObject operation : List.of(operation(APPS, "post"), operation(QUEUE, "put"))) {
      JsonObject content = requestBody(operation).getJsonObject("content");
      assertEquals(Set.of(FORM, JSON), content.keySet());
      for (String type : content.keySet()) {
        JsonObject settings = resolve(content.getJsonObject(type).getJsonObject("schema"));
        assertEquals(
            Set.of("queue_name", "partitions", "type", "consistency", "principles"),
            settings.getJsonObject("properties").keySet(),
            type);
        JsonObject partitions = resolve(settings.getJsonObject("properties"), "partitions");
        assertRange(partitions, "integer", 1, 200);
        assertEquals(
            Set.of("user", "public"),
            strings(resolve(settings.getJsonObject("properties"), "type").getJsonArray("enum")));
        assertEquals(
            Set.of("weak", "strong", "very_strong"),
            strings(
                resolve(settings.getJsonObject("properties"), "consistency").getJsonArray("enum")));
      }
    }
  }

  @Test
  void aMessageIsPostedAsTextAndABatchAsJson() {
    JsonObject body = requestBody(operation(QUEUE, "post"));
    assertTrue(body.getBoolean("required", false));
    JsonObject content = body.getJsonObject("content");
    assertEquals(Set.of(TEXT, JSON), content.keySet());
    assertEquals(
        "string", resolve(content.getJsonObject(TEXT).getJsonObject("schema")).getString("type"));
    JsonObject batch = resolve(content.getJsonObject(JSON).getJsonObject("schema"));
    assertEquals(Set.of("messages"), batch.getJsonObject("properties").keySet());
    JsonObject item =
        resolve(resolve(batch.getJsonObject("properties"), "messages").getJsonObject("items"));
    assertEquals(Set.of("body", "ttl", "partition"), item.getJsonObject("properties").keySet());
    assertEquals(Set.of("body"), strings(item.getJsonArray("required")));
    assertRange(resolve(item.getJsonObject("properties"), "ttl"), "integer", 1, 1 << 25);
  }

  @Test
  void overwritingMessagesTakesATextBody() {
    JsonObject body = requestBody(operation(IDS, "put"));
    assertTrue(body.getBoolean("required", false));
    JsonObject content = body.getJsonObject("content");
    assertEquals(Set.of(TEXT), content.keySet());
    assertEquals(
        "string", resolve(content.getJsonObject(TEXT).getJsonObject("schema")).getString("type"));
  }

  @Test
  void callsWithoutABodyDeclareNone() {
    for (JsonObject operation :
        List.of(
            operation(APPS, "get"),
            operation(QUEUE, "get"),
            operation(QUEUE, "delete"),
            operation(IDS, "get"),
            operation(IDS, "delete"),
            operation(GROUPS, "get"),
            operation(GROUP, "get"),
            operation(GROUP, "delete"))) {
      assertFalse(operation.containsKey("requestBody"), operation.getString("operationId"));
    }
  }

  @Test
  void everyCallAnswersItsSuccessAndErrorStatuses() {
    Set<String> errors = Set.of("400", "401", "403", "404", "503");
    Set<String> errorsWithBody = Set.of("400", "401", "403", "404", "413", "503");
    assertStatuses(operation(APPS, "get"), "200", errors);
    assertStatuses(operation(APPS, "post"), "201", errorsWithBody);
    assertStatuses(operation(QUEUE, "put"), "200", errorsWithBody);
    assertStatuses(operation(QUEUE, "delete"), "200", Set.of("401", "403", "404", "503"));
    assertStatuses(operation(QUEUE, "post"), "201", errorsWithBody);
    assertStatuses(operation(QUEUE, "get"), "200", errors);
    assertStatuses(operation(IDS, "get"), "200", errors);
    assertStatuses(operation(IDS, "put"), "200", errorsWithBody);
    assertStatuses(operation(IDS, "delete"), "200", errors);
    assertStatuses(operation(GROUPS, "post"), "201", errorsWithBody);
    assertStatuses(operation(GROUPS, "get"), "200", errors);
    assertStatuses(operation(GROUP, "get"), "200", errors);
    assertStatuses(operation(GROUP, "put"), "200", errorsWithBody);
    assertStatuses(operation(GROUP, "delete"), "200", errors);
    GROUP_CALLS.forEach(
        call -> assertStatuses(operation(GROUP + "/" + call, "post"), "200", errorsWithBody));
  }

  @Test
  void theGroupCallsTakeFormOrJsonAndAnswerTheirShapes() {
    for (String path :
        List.of(GROUPS, GROUP + "/claim", GROUP + "/ack", GROUP + "/release", GROUP + "/seek")) {
      JsonObject content =
          operation(path, "post").getJsonObject("requestBody").getJsonObject("content");
      assertEquals(Set.of(FORM, JSON), content.keySet(), path);
    }
    assertSuccess(operation(GROUP + "/claim", "post"), "200", Set.of("status", "messages"));
    assertEquals(
        Set.of(
            "message_id",
            "timestamp",
            "body",
            "partition",
            "receipt",
            "deliveries",
            "lease_expires"),
        schema("ClaimedMessage").getJsonObject("properties").keySet());
    assertSuccess(operation(GROUP + "/ack", "post"), "200", Set.of("status", "done", "failed"));
    assertEquals(
        Set.of("in_flight", "dead", "oldest_unacked_age", "lag_seconds"),
        schema("GroupStats").getJsonObject("properties").keySet());
  }

  @Test
  void everyErrorAnswerIsTheErrorShape() {
    forEachOperation(
        (path, method, operation) ->
            operation
                .getJsonObject("responses")
                .forEach(
                    (status, response) -> {
                      if (!status.startsWith("2")) {
                        JsonObject schema = jsonSchema(resolve(response.asJsonObject()));
                        assertEquals(
                            "#/components/schemas/Error",
                            schema.getString("$ref", ""),
                            method + " " + path + " " + status);
                      }
                    }));
    JsonObject error = schema("Error");
    assertEquals(Set.of("status", "error_msg"), strings(error.getJsonArray("required")));
    JsonObject properties = error.getJsonObject("properties");
    assertEquals(Set.of("error"), strings(properties.getJsonObject("status").getJsonArray("enum")));
    JsonObject messages = properties.getJsonObject("error_msg");
    assertEquals("object", messages.getString("type"));
    assertEquals(
        "string", messages.getJsonObject("additionalProperties").getString("type"), "by key");
  }

  @Test
  void aStorageFailureTellsWhenToRetry() {
    forEachOperation(
        (path, method, operation) -> {
          JsonObject unavailable =
              resolve(operation.getJsonObject("responses").getJsonObject("503"));
          assertNotNull(
              unavailable.getJsonObject("headers").get("Retry-After"),
              method + " " + path + ": 503 has Retry-After");
        });
  }

  @Test
  void theStatsCallsAnswerASeriesOfIntervals() {
    assertEquals(
        Set.of(
            "interval_seconds", "window_seconds", "posted_per_second", "read_per_second", "series"),
        schema("Traffic").getJsonObject("properties").keySet());
    assertEquals(
        Set.of("time", "posted", "read"),
        schema("TrafficInterval").getJsonObject("properties").keySet());
    for (String path : List.of(QUEUE_STATS, APPLICATION_STATS)) {
      assertNotNull(
          operation(path, "get").getJsonObject("responses").getJsonObject("200"), path + " 200");
    }
  }

  @Test
  void successAnswersHaveTheFieldsOfTheWire() {
    assertSuccess(operation(APPS, "get"), "200", Set.of("status", "queues"));
    JsonObject entry =
        resolve(
            resolve(schema("QueueList").getJsonObject("properties"), "queues")
                .getJsonObject("items"));
    assertEquals(
        Set.of(
            "queue_name",
            "partitions",
            "created",
            "type",
            "consistency",
            "application",
            "principles",
            "count"),
        entry.getJsonObject("properties").keySet());
    Set<String> queue =
        Set.of(
            "status", "queue_name", "partitions", "type", "consistency", "principles", "created");
    assertSuccess(operation(APPS, "post"), "201", queue);
    assertSuccess(operation(QUEUE, "put"), "200", queue);
    assertSuccess(operation(QUEUE, "delete"), "200", Set.of("status"));
    assertSuccess(operation(QUEUE, "post"), "201", Set.of("status", "messages"));
    assertSuccess(operation(QUEUE, "get"), "200", Set.of("status", "messages"));
    assertSuccess(operation(IDS, "get"), "200", Set.of("status", "messages"));
    assertSuccess(operation(IDS, "put"), "200", Set.of("status"));
    assertSuccess(operation(IDS, "delete"), "200", Set.of("status"));
    assertEquals(
        Set.of("message_id", "timestamp", "body", "partition"),
        schema("Message").getJsonObject("properties").keySet());
    assertEquals(
        Set.of("key", "timestamp", "partition"),
        schema("PostedMessage").getJsonObject("properties").keySet());
  }

  @Test
  void timestampsAreStringsWithSevenFractionalDigits() {
    for (String shape : List.of("Message", "PostedMessage")) {
      JsonObject timestamp = resolve(schema(shape).getJsonObject("properties"), "timestamp");
      assertEquals("string", timestamp.getString("type"), shape + ".timestamp is a string");
      Pattern pattern = Pattern.compile(timestamp.getString("pattern"));
      assertTrue(pattern.matcher("1323976306.9888890").find());
      assertFalse(pattern.matcher("1323976306.988889").find(), "7 digits, no fewer");
    }
  }

  @Test
  void callsAreAuthorizedByTheApplicationKeyInTheAuthorizationHeader() {
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    assertEquals(Set.of("ApplicationKey"), schemes.keySet());
    JsonObject key = schemes.getJsonObject("ApplicationKey");
    assertEquals("apiKey", key.getString("type"));
    assertEquals("header", key.getString("in"));
    assertEquals("Authorization", key.getString("name"));
    assertTrue(key.getString("description").contains("Application <key>"));
    forEachOperation(
        (path, method, operation) -> {
          Set<String> alternatives = new HashSet<>();
          for (JsonValue requirement : operation.getJsonArray("security")) {
            alternatives.add(String.join(",", requirement.asJsonObject().keySet()));
          }
          // Groups are never used anonymously, also on public queues (API.md, Consumer groups).
          boolean publicRead =
              method.equals("get")
                  && (path.equals(QUEUE) || path.equals(IDS) || path.equals(QUEUE_STATS));
          assertEquals(
              publicRead ? Set.of("", "ApplicationKey") : Set.of("ApplicationKey"),
              alternatives,
              method + " " + path + (publicRead ? ": public queues are read without a key" : ""));
        });
  }

  @Test
  void everyOperationHasAUniqueIdAndASummary() {
    Set<String> ids = new HashSet<>();
    forEachOperation(
        (path, method, operation) -> {
          assertTrue(ids.add(operation.getString("operationId")), "unique: " + method + path);
          assertFalse(operation.getString("summary", "").isBlank(), method + " " + path);
        });
    assertEquals(21, ids.size());
  }

  @Test
  void everyReferenceResolves() {
    assertReferencesResolve(document, "#");
  }

  // ---------------------------------------------------------------------------------------------

  private interface OperationCheck {
    void check(String path, String method, JsonObject operation);
  }

  private static void forEachOperation(OperationCheck check) {
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject()
                    .forEach(
                        (method, operation) -> {
                          if (METHODS.contains(method)) {
                            check.check(path, method, operation.asJsonObject());
                          }
                        }));
  }

  private static JsonObject operation(String path, String method) {
    JsonObject item = document.getJsonObject("paths").getJsonObject(path);
    assertNotNull(item, () -> "path " + path);
    JsonObject operation = item.getJsonObject(method);
    assertNotNull(operation, () -> method + " " + path);
    return operation;
  }

  /** The parameters of an operation as "in name". */
  private static Set<String> parameters(JsonObject operation) {
    Set<String> found = new HashSet<>();
    for (JsonValue value : operation.getJsonArray("parameters")) {
      JsonObject parameter = resolve(value.asJsonObject());
      found.add(parameter.getString("in") + " " + parameter.getString("name"));
    }
    return found;
  }

  private static JsonObject parameter(JsonObject operation, String in, String name) {
    for (JsonValue value : operation.getJsonArray("parameters")) {
      JsonObject parameter = resolve(value.asJsonObject());
      if (parameter.getString("in").equals(in) && parameter.getString("name").equals(name)) {
        return parameter;
      }
    }
    throw new AssertionError("no parameter " + in + " " + name);
  }

  /** The resolved schema of the parameter of that name (whatever its location). */
  private static JsonObject parameterSchema(JsonObject operation, String name) {
    for (JsonValue value : operation.getJsonArray("parameters")) {
      JsonObject parameter = resolve(value.asJsonObject());
      if (parameter.getString("name").equals(name)) {
        return resolve(parameter.getJsonObject("schema"));
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private static JsonObject requestBody(JsonObject operation) {
    assertTrue(operation.containsKey("requestBody"), operation.getString("operationId"));
    return resolve(operation.getJsonObject("requestBody"));
  }

  private static JsonObject schema(String name) {
    JsonObject schema =
        document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    assertNotNull(schema, () -> "schema " + name);
    return schema;
  }

  /** The application/json schema of a response, unresolved (so that its $ref can be checked). */
  private static JsonObject jsonSchema(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    assertNotNull(content, () -> "content of " + response);
    assertEquals(Set.of(JSON), content.keySet(), "every answer is JSON");
    return content.getJsonObject(JSON).getJsonObject("schema");
  }

  private static void assertStatuses(JsonObject operation, String success, Set<String> errors) {
    Set<String> expected = new TreeSet<>(errors);
    expected.add(success);
    assertEquals(
        expected,
        new TreeSet<>(operation.getJsonObject("responses").keySet()),
        operation.getString("operationId"));
  }

  private static void assertSuccess(JsonObject operation, String status, Set<String> fields) {
    JsonObject response = resolve(operation.getJsonObject("responses").getJsonObject(status));
    JsonObject schema = resolve(jsonSchema(response));
    assertEquals(
        fields, schema.getJsonObject("properties").keySet(), operation.getString("operationId"));
    JsonObject statusField = schema.getJsonObject("properties").getJsonObject("status");
    assertEquals(Set.of("ok"), strings(statusField.getJsonArray("enum")));
  }

  private static void assertRange(JsonObject schema, String type, long minimum, long maximum) {
    assertEquals(type, schema.getString("type"), schema::toString);
    assertEquals(minimum, schema.getJsonNumber("minimum").longValue(), schema::toString);
    assertEquals(maximum, schema.getJsonNumber("maximum").longValue(), schema::toString);
  }

  /** Follows {@code $ref} (local references only) until an object without one. */
  private static JsonObject resolve(JsonObject object) {
    JsonObject current = object;
    for (int hops = 0; current.containsKey("$ref"); hops++) {
      assertTrue(hops < 10, "a reference cycle at " + object);
      current = lookUp(current.getString("$ref"));
    }
    return current;
  }

  private static JsonObject resolve(JsonObject properties, String property) {
    JsonObject schema = properties.getJsonObject(property);
    assertNotNull(schema, () -> "property " + property);
    return resolve(schema);
  }

  private static JsonObject lookUp(String reference) {
    assertTrue(reference.startsWith("#/"), () -> "a local reference: " + reference);
    JsonValue current = document;
    for (String segment : reference.substring(2).split("/")) {
      String name = segment.replace("~1", "/").replace("~0", "~");
      assertEquals(JsonValue.ValueType.OBJECT, current.getValueType(), reference);
      current = current.asJsonObject().get(name);
      assertNotNull(current, () -> "the reference resolves: " + reference);
    }
    return current.asJsonObject();
  }

  private static void assertReferencesResolve(JsonValue value, String where) {
    switch (value.getValueType()) {
      case OBJECT -> {
        JsonObject object = value.asJsonObject();
        if (object.get("$ref") instanceof JsonString reference) {
          lookUp(reference.getString());
        }
        object.forEach((name, child) -> assertReferencesResolve(child, where + "/" + name));
      }
      case ARRAY -> {
        JsonArray array = value.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
          assertReferencesResolve(array.get(i), where + "/" + i);
        }
      }
      default -> {}
    }
  }

  private static Set<String> strings(JsonArray array) {
    assertNotNull(array);
    return array.getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .collect(Collectors.toSet());
  }
}
