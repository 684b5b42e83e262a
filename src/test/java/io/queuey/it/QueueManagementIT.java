package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.APP_TWO;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_TWO;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API.md, Queue management: list, create, update and delete queues. */
@ExtendWith(QueueyServer.class)
class QueueManagementIT {

  private static final String QUEUES = "v1/" + APP_ONE;
  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String queuePath(String name) {
    return QUEUES + "/" + name;
  }

  /** The listing entry of one queue: a page of one starting at its name (offset is inclusive). */
  private static JsonObject listed(String name, String parameters) throws Exception {
    var answer = Api.get(QUEUES + "?limit=1&offset=" + name + parameters, KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    var entries = answer.json().getJsonArray("queues").getValuesAs(JsonObject.class);
    assertEquals(1, entries.size(), answer::toString);
    assertEquals(name, entries.get(0).getString("queue_name"), "offset is inclusive");
    return entries.get(0);
  }

  private static List<String> strings(JsonObject json, String field) {
    return json.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }

  // --- create -------------------------------------------------------------------------------

  @Test
  void createWithoutParametersAppliesTheDefaultsAndARandom32HexName() throws Exception {
    var answer = Api.form("POST", QUEUES, KEY_ONE, Map.of());
    assertEquals(201, answer.status(), answer::toString);
    assertTrue(answer.contentType().startsWith("application/json"));
    JsonObject json = answer.json();
    String name = json.getString("queue_name");
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals("ok", json.getString("status"));
    assertTrue(name.matches("[0-9a-f]{32}"), () -> "a UUID as 32 lowercase hex digits: " + name);
    assertEquals('4', name.charAt(12), "a random (version 4) UUID");
    assertEquals(1, json.getInt("partitions"));
    assertEquals("user", json.getString("type"));
    assertEquals("strong", json.getString("consistency"));
    assertEquals(List.of(), strings(json, "principles"));
  }

  @Test
  void twoQueuesCreatedWithoutANameGetDifferentNames() throws Exception {
    String first = Api.form("POST", QUEUES, KEY_ONE, Map.of()).json().getString("queue_name");
    String second = Api.form("POST", QUEUES, KEY_ONE, Map.of()).json().getString("queue_name");
    queues.track(APP_ONE, KEY_ONE, first);
    queues.track(APP_ONE, KEY_ONE, second);
    assertFalse(first.equals(second));
  }

  @Test
  void createWithEveryParameterAnswersThemAll() throws Exception {
    String name = Api.uniqueName("every.Param_");
    var answer =
        Api.form(
            "POST",
            QUEUES,
            KEY_ONE,
            Map.of(
                "queue_name", name,
                "partitions", "5",
                "type", "public",
                "consistency", "weak",
                "principles", "app:app-one, bid:ann@example.com"));
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals(201, answer.status(), answer::toString);
    JsonObject json = answer.json();
    assertEquals("ok", json.getString("status"));
    assertEquals(name, json.getString("queue_name"));
    assertEquals(5, json.getInt("partitions"));
    assertEquals("public", json.getString("type"));
    assertEquals("weak", json.getString("consistency"));
    assertEquals(List.of("app:app-one", "bid:ann@example.com"), strings(json, "principles"));
  }

  @Test
  void createWithVeryStrongConsistencyIsStored() throws Exception {
    String name = queues.create("very-strong", Map.of("consistency", "very_strong"));
    assertEquals("very_strong", listed(name, "&details=true").getString("consistency"));
  }

  @Test
  void createAcceptsAJsonBodyWithTheSameFieldNames() throws Exception {
    String name = Api.uniqueName("json");
    var answer =
        Api.json(
            "POST",
            QUEUES,
            KEY_ONE,
            "{\"queue_name\": \""
                + name
                + "\", \"partitions\": 3, \"type\": \"public\", \"consistency\": \"very_strong\","
                + " \"principles\": [\"app:app-two\", \"bid:bob@example.com\"]}");
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals(201, answer.status(), answer::toString);
    JsonObject json = answer.json();
    assertEquals(name, json.getString("queue_name"));
    assertEquals(3, json.getInt("partitions"));
    assertEquals("public", json.getString("type"));
    assertEquals("very_strong", json.getString("consistency"));
    assertEquals(List.of("app:app-two", "bid:bob@example.com"), strings(json, "principles"));
  }

  @Test
  void createAcceptsAJsonBodyWithPrinciplesAsOneCommaSeparatedString() throws Exception {
    String name = Api.uniqueName("json-string");
    var answer =
        Api.json(
            "POST",
            QUEUES,
            KEY_ONE,
            "{\"queue_name\": \"" + name + "\", \"principles\": \"app:app-one,app:app-two\"}");
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals(201, answer.status(), answer::toString);
    assertEquals(List.of("app:app-one", "app:app-two"), strings(answer.json(), "principles"));
  }

  @Test
  void createdQueueSettingsAreStoredAsAnswered() throws Exception {
    String name =
        queues.create(
            "stored",
            Map.of(
                "partitions", "7",
                "type", "public",
                "consistency", "weak",
                "principles", "app:app-two"));
    JsonObject entry = listed(name, "&details=true");
    assertEquals(7, entry.getInt("partitions"));
    assertEquals("public", entry.getString("type"));
    assertEquals("weak", entry.getString("consistency"));
    assertEquals(APP_ONE, entry.getString("application"));
    assertEquals(List.of("app:app-two"), strings(entry, "principles"));
  }

  @Test
  void createWithTheNameOfAnExistingQueueIsRejectedAndLeavesItUnchanged() throws Exception {
    String name = queues.create("taken", Map.of("partitions", "2"));
    var again = Api.form("POST", QUEUES, KEY_ONE, Map.of("queue_name", name, "partitions", "9"));
    assertError(again, 400, "queue_name");
    assertEquals(2, listed(name, "&details=true").getInt("partitions"));
  }

  @Test
  void theSameNameMayBeUsedByTwoApplications() throws Exception {
    String name = queues.create("shared-name");
    var inOther = Api.form("POST", "v1/" + APP_TWO, KEY_TWO, Map.of("queue_name", name));
    queues.track(APP_TWO, KEY_TWO, name);
    assertEquals(201, inOther.status(), inOther::toString);
  }

  @Test
  void aQueueNameOf50CharactersIsAcceptedAndUsableInPaths() throws Exception {
    String base = Api.uniqueName("n50");
    String name = base + "x".repeat(50 - base.length());
    assertEquals(50, name.length());
    var created = Api.form("POST", QUEUES, KEY_ONE, Map.of("queue_name", name));
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals(201, created.status(), created::toString);
    assertEquals(name, created.json().getString("queue_name"));
    assertEquals(200, Api.get(queuePath(name), KEY_ONE).status());
    assertEquals(200, Api.form("PUT", queuePath(name), KEY_ONE, Map.of()).status());
  }

  @Test
  void aQueueNameOf51CharactersIsRejectedOnCreate() throws Exception {
    String name = "a".repeat(51);
    assertError(Api.form("POST", QUEUES, KEY_ONE, Map.of("queue_name", name)), 400, "queue_name");
  }

  @Test
  void aQueueNameOf51CharactersIsA404OnEveryQueuePath() throws Exception {
    String path = queuePath("b".repeat(51));
    assertError(Api.get(path, KEY_ONE), 404);
    assertError(Api.postMessage(APP_ONE, KEY_ONE, "b".repeat(51), "hello", Map.of()), 404);
    assertError(Api.form("PUT", path, KEY_ONE, Map.of("partitions", "2")), 404);
    assertError(Api.delete(path, KEY_ONE), 404);
    assertError(Api.get(path + "/" + Ids.v1At(Ids.nowTicks()), KEY_ONE), 404);
  }

  @Test
  void queueNamesWithCharactersOutsideTheAlphabetAreRejectedOnCreate() throws Exception {
    for (String name : List.of("with space", "slash/ed", "colon:", "ümlaut", "star*", "")) {
      assertError(Api.form("POST", QUEUES, KEY_ONE, Map.of("queue_name", name)), 400, "queue_name");
    }
  }

  @Test
  void createWithABadTypeIsRejected() throws Exception {
    var answer =
        Api.form(
            "POST", QUEUES, KEY_ONE, Map.of("queue_name", Api.uniqueName("t"), "type", "private"));
    assertError(answer, 400, "type");
  }

  @Test
  void createWithABadConsistencyIsRejected() throws Exception {
    var answer =
        Api.form(
            "POST",
            QUEUES,
            KEY_ONE,
            Map.of("queue_name", Api.uniqueName("c"), "consistency", "eventual"));
    assertError(answer, 400, "consistency");
  }

  @Test
  void createWithBadPrinciplesIsRejected() throws Exception {
    for (String principles :
        List.of("nobody", "app:", "bid:not-an-email", "usr:someone", "app:a,,app:b")) {
      var answer =
          Api.form(
              "POST",
              QUEUES,
              KEY_ONE,
              Map.of("queue_name", Api.uniqueName("p"), "principles", principles));
      assertError(answer, 400, "principles");
    }
  }

  @Test
  void createWithPartitionsOutside1To200IsRejected() throws Exception {
    for (String partitions : List.of("0", "201", "-1", "two", "1.5")) {
      var answer =
          Api.form(
              "POST",
              QUEUES,
              KEY_ONE,
              Map.of("queue_name", Api.uniqueName("parts"), "partitions", partitions));
      assertError(answer, 400, "partitions");
    }
  }

  @Test
  void createWith200PartitionsIsAccepted() throws Exception {
    String name = queues.create("p200", Map.of("partitions", "200"));
    assertEquals(200, listed(name, "&details=true").getInt("partitions"));
  }

  @Test
  void createReportsEveryBadParameterAtOnceAndCreatesNothing() throws Exception {
    String name = Api.uniqueName("all-bad");
    var answer =
        Api.form(
            "POST",
            QUEUES,
            KEY_ONE,
            Map.of(
                "queue_name", name,
                "partitions", "0",
                "type", "x",
                "consistency", "y",
                "principles", "z"));
    assertError(answer, 400, "partitions", "type", "consistency", "principles");
    assertError(Api.get(queuePath(name), KEY_ONE), 404);
  }

  // --- list ---------------------------------------------------------------------------------

  @Test
  void listAnswersNamesOnlyByDefault() throws Exception {
    String name = queues.create("plain");
    JsonObject entry = listed(name, "");
    assertEquals(Set.of("queue_name"), entry.keySet());
  }

  @Test
  void listWithDetailsAnswersEverySetting() throws Exception {
    long before = Instant.now().getEpochSecond();
    String name =
        queues.create(
            "details",
            Map.of("partitions", "4", "consistency", "weak", "principles", "app:app-one"));
    long after = Instant.now().getEpochSecond();
    for (String yes : List.of("true", "1", "yes", "TRUE", "Yes")) {
      JsonObject entry = listed(name, "&details=" + yes);
      assertEquals(4, entry.getInt("partitions"));
      assertEquals("user", entry.getString("type"));
      assertEquals("weak", entry.getString("consistency"));
      assertEquals(APP_ONE, entry.getString("application"));
      assertEquals(List.of("app:app-one"), strings(entry, "principles"));
      assertEquals(JsonValue.ValueType.NUMBER, entry.get("created").getValueType());
      long created = entry.getJsonNumber("created").longValueExact();
      assertTrue(
          created >= before - 120 && created <= after + 120,
          () -> "created is in epoch seconds: " + created);
      assertFalse(entry.containsKey("count"), "no count unless asked");
    }
  }

  @Test
  void listWithDetailsFalseAnswersNamesOnly() throws Exception {
    String name = queues.create("no-details");
    for (String no : List.of("false", "0", "no", "NO")) {
      assertEquals(Set.of("queue_name"), listed(name, "&details=" + no).keySet());
    }
  }

  @Test
  void listWithIncludeCountCountsMessagesOverAllPartitions() throws Exception {
    String name = queues.create("count", Map.of("partitions", "3"));
    assertEquals(0, listed(name, "&include_count=true").getJsonNumber("count").longValueExact());
    Api.postOk(APP_ONE, KEY_ONE, name, "one", 1);
    Api.postOk(APP_ONE, KEY_ONE, name, "two", 2);
    Api.postOk(APP_ONE, KEY_ONE, name, "three", 3);
    Api.postOk(APP_ONE, KEY_ONE, name, "four", 3);
    JsonObject entry = listed(name, "&include_count=1");
    assertEquals(4, entry.getJsonNumber("count").longValueExact());
    assertFalse(entry.containsKey("partitions"), "no details unless asked");
    JsonObject both = listed(name, "&include_count=yes&details=yes");
    assertEquals(4, both.getJsonNumber("count").longValueExact());
    assertEquals(3, both.getInt("partitions"));
  }

  @Test
  void listLimitBoundsThePage() throws Exception {
    queues.create("limit-a");
    queues.create("limit-b");
    var answer = Api.get(QUEUES + "?limit=1", KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(1, Api.queueNames(answer).size());
    assertEquals(2, Api.queueNames(Api.get(QUEUES + "?limit=2", KEY_ONE)).size());
  }

  @Test
  void listPagingWithLimitAndOffsetVisitsEveryQueueExactlyOnce() throws Exception {
    var mine = new HashSet<String>();
    for (int i = 0; i < 7; i++) {
      mine.add(queues.create(APP_TWO, KEY_TWO, "page" + i, Map.of()));
    }
    int pageSize = 3;
    var visited = new ArrayList<String>();
    String offset = null;
    for (int pages = 0; pages < 10_000; pages++) {
      String path = "v1/" + APP_TWO + "?limit=" + (pageSize + 1);
      if (offset != null) {
        path += "&offset=" + offset;
      }
      var answer = Api.get(path, KEY_TWO);
      assertEquals(200, answer.status(), answer::toString);
      List<String> page = Api.queueNames(answer);
      assertTrue(page.size() <= pageSize + 1, "limit bounds every page");
      if (offset != null) {
        assertEquals(offset, page.get(0), "offset is inclusive: the page starts at it");
      }
      // limit + 1 entries: the last one is where the next page starts.
      if (page.size() <= pageSize) {
        visited.addAll(page);
        break;
      }
      visited.addAll(page.subList(0, pageSize));
      offset = page.get(pageSize);
    }
    assertEquals(new HashSet<>(visited).size(), visited.size(), () -> "no queue twice: " + visited);
    assertTrue(visited.containsAll(mine), () -> "every queue visited: " + mine + " " + visited);
    List<String> firstPageAgain = Api.queueNames(Api.get("v1/" + APP_TWO + "?limit=3", KEY_TWO));
    assertEquals(visited.subList(0, firstPageAgain.size()), firstPageAgain, "the order is stable");
  }

  @Test
  void listOfOneApplicationNeverShowsAnothersQueues() throws Exception {
    String ofTwo = queues.create(APP_TWO, KEY_TWO, "only-two", Map.of());
    var answer = Api.get(QUEUES + "?limit=1&offset=" + ofTwo, KEY_ONE);
    assertEquals(200, answer.status(), answer::toString);
    assertFalse(Api.queueNames(answer).contains(ofTwo));
  }

  @Test
  void listRejectsALimitOutside1To1000() throws Exception {
    for (String limit : List.of("0", "1001", "-1", "ten", "")) {
      assertError(Api.get(QUEUES + "?limit=" + limit, KEY_ONE), 400, "limit");
    }
    assertEquals(200, Api.get(QUEUES + "?limit=1000", KEY_ONE).status());
  }

  @Test
  void listRejectsBooleansOutsideTheAllowedSpellings() throws Exception {
    assertError(Api.get(QUEUES + "?details=maybe", KEY_ONE), 400, "details");
    assertError(Api.get(QUEUES + "?include_count=2", KEY_ONE), 400, "include_count");
  }

  // --- update -------------------------------------------------------------------------------

  @Test
  void updateAnswersTheFullSettingsOfTheQueue() throws Exception {
    String name = queues.create("update", Map.of("partitions", "2"));
    long created = listed(name, "&details=true").getJsonNumber("created").longValueExact();
    var answer = Api.form("PUT", queuePath(name), KEY_ONE, Map.of("partitions", "3"));
    assertEquals(200, answer.status(), answer::toString);
    JsonObject json = answer.json();
    assertEquals("ok", json.getString("status"));
    assertEquals(name, json.getString("queue_name"));
    assertEquals(3, json.getInt("partitions"));
    assertEquals("user", json.getString("type"));
    assertEquals("strong", json.getString("consistency"));
    assertEquals(List.of(), strings(json, "principles"));
    assertNotNull(json.getJsonNumber("created"));
    assertEquals(created, ((JsonNumber) json.get("created")).longValueExact());
    assertEquals(3, listed(name, "&details=true").getInt("partitions"), "stored");
  }

  @Test
  void updateWithoutParametersChangesNothing() throws Exception {
    String name = queues.create("update-none", Map.of("partitions", "4", "type", "public"));
    var answer = Api.form("PUT", queuePath(name), KEY_ONE, Map.of());
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(4, answer.json().getInt("partitions"));
    assertEquals("public", answer.json().getString("type"));
  }

  @Test
  void updatePartitionsMayOnlyGrow() throws Exception {
    String name = queues.create("grow", Map.of("partitions", "5"));
    assertError(
        Api.form("PUT", queuePath(name), KEY_ONE, Map.of("partitions", "4")), 400, "partitions");
    assertEquals(5, listed(name, "&details=true").getInt("partitions"), "unchanged");
    var same = Api.form("PUT", queuePath(name), KEY_ONE, Map.of("partitions", "5"));
    assertEquals(200, same.status(), "the same number is no shrinking: " + same);
  }

  @Test
  void updateReplacesTypeConsistencyAndPrinciples() throws Exception {
    String name =
        queues.create(
            "replace",
            Map.of("type", "public", "consistency", "weak", "principles", "app:app-one"));
    var answer =
        Api.form(
            "PUT",
            queuePath(name),
            KEY_ONE,
            Map.of(
                "type", "user",
                "consistency", "very_strong",
                "principles", "app:app-two,bid:carol@example.org"));
    assertEquals(200, answer.status(), answer::toString);
    assertEquals("user", answer.json().getString("type"));
    assertEquals("very_strong", answer.json().getString("consistency"));
    assertEquals(
        List.of("app:app-two", "bid:carol@example.org"), strings(answer.json(), "principles"));
    JsonObject entry = listed(name, "&details=true");
    assertEquals("user", entry.getString("type"));
    assertEquals("very_strong", entry.getString("consistency"));
    assertEquals(List.of("app:app-two", "bid:carol@example.org"), strings(entry, "principles"));
  }

  @Test
  void updateWithEmptyPrinciplesClearsThem() throws Exception {
    String name = queues.create("clear", Map.of("principles", "app:app-two"));
    var answer = Api.form("PUT", queuePath(name), KEY_ONE, Map.of("principles", ""));
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(List.of(), strings(answer.json(), "principles"));
  }

  @Test
  void updateAcceptsAJsonBody() throws Exception {
    String name = queues.create("update-json");
    var answer =
        Api.json(
            "PUT",
            queuePath(name),
            KEY_ONE,
            "{\"partitions\": 6, \"type\": \"public\", \"principles\": [\"app:app-two\"]}");
    assertEquals(200, answer.status(), answer::toString);
    assertEquals(6, answer.json().getInt("partitions"));
    assertEquals("public", answer.json().getString("type"));
    assertEquals(List.of("app:app-two"), strings(answer.json(), "principles"));
  }

  @Test
  void updateRejectsBadParameters() throws Exception {
    String name = queues.create("update-bad");
    assertError(Api.form("PUT", queuePath(name), KEY_ONE, Map.of("type", "nope")), 400, "type");
    assertError(
        Api.form("PUT", queuePath(name), KEY_ONE, Map.of("consistency", "nope")),
        400,
        "consistency");
    assertError(
        Api.form("PUT", queuePath(name), KEY_ONE, Map.of("principles", "nope")), 400, "principles");
    assertError(
        Api.form("PUT", queuePath(name), KEY_ONE, Map.of("partitions", "201")), 400, "partitions");
  }

  @Test
  void updateOfAnUnknownQueueIsA404() throws Exception {
    assertError(
        Api.form("PUT", queuePath(Api.uniqueName("never")), KEY_ONE, Map.of("partitions", "2")),
        404,
        "InvalidQueueName");
  }

  // --- delete -------------------------------------------------------------------------------

  @Test
  void deleteAnswersOkAndTheQueueIsA404Everywhere() throws Exception {
    String name = queues.create("delete", Map.of("partitions", "2", "type", "public"));
    String key = Api.postOk(APP_ONE, KEY_ONE, name, "doomed");

    var deleted = Api.delete(queuePath(name), KEY_ONE);
    assertEquals(200, deleted.status(), deleted::toString);
    assertEquals("ok", deleted.json().getString("status"));

    assertError(Api.get(queuePath(name), KEY_ONE), 404, "InvalidQueueName");
    assertError(Api.get(queuePath(name), null), 404, "InvalidQueueName");
    assertError(Api.get(queuePath(name) + "/" + key, KEY_ONE), 404, "InvalidQueueName");
    assertError(Api.postMessage(APP_ONE, KEY_ONE, name, "more", Map.of()), 404, "InvalidQueueName");
    assertError(
        Api.raw(
            "PUT",
            queuePath(name) + "/" + key,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "text/plain"),
            "x".getBytes()),
        404,
        "InvalidQueueName");
    assertError(Api.delete(queuePath(name) + "/" + key, KEY_ONE), 404, "InvalidQueueName");
    assertError(
        Api.form("PUT", queuePath(name), KEY_ONE, Map.of("partitions", "3")),
        404,
        "InvalidQueueName");
    assertError(Api.delete(queuePath(name), KEY_ONE), 404, "InvalidQueueName");
    var listing = Api.get(QUEUES + "?limit=1&offset=" + name, KEY_ONE);
    assertFalse(Api.queueNames(listing).contains(name), "no longer listed");
  }

  @Test
  void aQueueCreatedAgainAfterDeleteStartsEmpty() throws Exception {
    String name = queues.create("reborn");
    Api.postOk(APP_ONE, KEY_ONE, name, "old life");
    assertEquals(200, Api.delete(queuePath(name), KEY_ONE).status());
    var again = Api.form("POST", QUEUES, KEY_ONE, Map.of("queue_name", name));
    assertEquals(201, again.status(), again::toString);
    var read = Api.get(queuePath(name), KEY_ONE);
    assertEquals(200, read.status(), read::toString);
    assertEquals(List.of(), read.messages());
  }

  @Test
  void deleteOfAnUnknownQueueIsA404() throws Exception {
    assertError(Api.delete(queuePath(Api.uniqueName("never")), KEY_ONE), 404, "InvalidQueueName");
  }

  @Test
  void createdQueuesOfTheRotatedKeyBelongToTheSameApplication() throws Exception {
    var fields = new LinkedHashMap<String, String>();
    String name = Api.uniqueName("rotated");
    fields.put("queue_name", name);
    var created = Api.form("POST", QUEUES, Api.KEY_ONE_NEXT, fields);
    queues.track(APP_ONE, KEY_ONE, name);
    assertEquals(201, created.status(), created::toString);
    assertEquals(name, listed(name, "").getString("queue_name"));
  }
}
