package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static io.queuey.it.Api.KEY_ONE_NEXT;
import static io.queuey.it.Api.KEY_TWO;
import static io.queuey.it.Api.assertDenied;
import static io.queuey.it.Api.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API.md, Permissions: each row of the table for the owner, another application, a principle,
 * anonymous callers and public queues; and authentication (unknown keys, several credentials).
 */
@ExtendWith(QueueyServer.class)
class PermissionsIT {

  /** Authorization header values. */
  private static final String OWNER = Api.application(KEY_ONE);

  private static final String OTHER = Api.application(KEY_TWO);
  private static final String ANONYMOUS = null;

  private static final TestQueues queues = new TestQueues();

  @AfterAll
  static void deleteQueues() {
    queues.deleteAll();
  }

  private static String path(String queue) {
    return "v1/" + APP_ONE + "/" + queue;
  }

  // --- the calls, each with the Authorization header given ----------------------------------

  private static Api.Answer list(String auth) throws Exception {
    return Api.raw("GET", "v1/" + APP_ONE, auth, Map.of(), null);
  }

  private static Api.Answer create(String auth, String name) throws Exception {
    return Api.raw(
        "POST",
        "v1/" + APP_ONE,
        auth,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        ("queue_name=" + name).getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Answer update(String auth, String queue) throws Exception {
    return Api.raw(
        "PUT",
        path(queue),
        auth,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        "consistency=weak".getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Answer deleteQueue(String auth, String queue) throws Exception {
    return Api.raw("DELETE", path(queue), auth, Map.of(), null);
  }

  private static Api.Answer post(String auth, String queue) throws Exception {
    return Api.raw(
        "POST",
        path(queue),
        auth,
        Map.of("Content-Type", "text/plain"),
        "a message".getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Answer postBatch(String auth, String queue) throws Exception {
    return Api.raw(
        "POST",
        path(queue),
        auth,
        Map.of("Content-Type", "application/json"),
        Api.batch(List.of(Map.of("body", "batched"))).getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Answer overwrite(String auth, String queue, String id) throws Exception {
    return Api.raw(
        "PUT",
        path(queue) + "/" + id,
        auth,
        Map.of("Content-Type", "text/plain"),
        "overwritten".getBytes(StandardCharsets.UTF_8));
  }

  private static Api.Answer read(String auth, String queue) throws Exception {
    return Api.raw("GET", path(queue), auth, Map.of(), null);
  }

  private static Api.Answer fetch(String auth, String queue, String id) throws Exception {
    return Api.raw("GET", path(queue) + "/" + id, auth, Map.of(), null);
  }

  private static Api.Answer deleteMessages(String auth, String queue, String id) throws Exception {
    return Api.raw("DELETE", path(queue) + "/" + id, auth, Map.of(), null);
  }

  private static void assertOk(int status, Api.Answer answer) {
    assertEquals(status, answer.status(), answer::toString);
    assertEquals("ok", answer.json().getString("status"));
  }

  /** The bodies of the queue as its owner... or whoever may read it. */
  private static List<String> bodies(String auth, String queue) throws Exception {
    var answer = read(auth, queue);
    assertEquals(200, answer.status(), answer::toString);
    return answer.bodies();
  }

  // --- list and create queues: app:{app} ---------------------------------------------------

  @Test
  void onlyTheOwningApplicationMayListQueues() throws Exception {
    assertOk(200, list(OWNER));
    assertOk(200, list(Api.application(KEY_ONE_NEXT)));
    assertDenied(list(OTHER));
    assertDenied(list(ANONYMOUS));
  }

  @Test
  void onlyTheOwningApplicationMayCreateQueues() throws Exception {
    String byOther = Api.uniqueName("by-other");
    assertDenied(create(OTHER, byOther));
    String byNobody = Api.uniqueName("by-nobody");
    assertDenied(create(ANONYMOUS, byNobody));

    String byOwner = Api.uniqueName("by-owner");
    var created = create(OWNER, byOwner);
    queues.track(APP_ONE, KEY_ONE, byOwner);
    assertOk(201, created);

    assertError(Api.get(path(byOther), KEY_ONE), 404);
    assertError(Api.get(path(byNobody), KEY_ONE), 404);
  }

  // --- update and delete queues: the owning application -------------------------------------

  @Test
  void onlyTheOwningApplicationMayUpdateAQueueNotEvenAPrinciple() throws Exception {
    String queue = queues.create("update", Map.of("principles", "app:app-two", "type", "public"));
    assertDenied(update(OTHER, queue));
    assertDenied(update(ANONYMOUS, queue));
    var listing = Api.get("v1/" + APP_ONE + "?details=1&limit=1&offset=" + queue, KEY_ONE);
    assertEquals(
        "strong",
        listing.json().getJsonArray("queues").getJsonObject(0).getString("consistency"),
        "unchanged");
    assertOk(200, update(OWNER, queue));
  }

  @Test
  void onlyTheOwningApplicationMayDeleteAQueueNotEvenAPrinciple() throws Exception {
    String queue = queues.create("delete", Map.of("principles", "app:app-two", "type", "public"));
    assertDenied(deleteQueue(OTHER, queue));
    assertDenied(deleteQueue(ANONYMOUS, queue));
    assertEquals(200, Api.get(path(queue), KEY_TWO).status(), "still there");
    assertOk(200, deleteQueue(OWNER, queue));
  }

  // --- post and overwrite messages: the owning application ---------------------------------

  @Test
  void onlyTheOwningApplicationMayPostMessagesNotEvenAPrinciple() throws Exception {
    String queue = queues.create("post", Map.of("principles", "app:app-one,app:app-two"));
    assertDenied(post(OTHER, queue));
    assertDenied(postBatch(OTHER, queue));
    assertDenied(post(ANONYMOUS, queue));
    assertDenied(postBatch(ANONYMOUS, queue));
    assertEquals(List.of(), bodies(OWNER, queue), "nothing stored by a denied post");
    assertOk(201, post(OWNER, queue));
    assertOk(201, postBatch(OWNER, queue));
  }

  @Test
  void aPublicQueueIsReadableButNotWritableByEveryone() throws Exception {
    String queue = queues.create("public-write", Map.of("type", "public"));
    assertDenied(post(ANONYMOUS, queue));
    assertDenied(post(OTHER, queue));
    assertDenied(postBatch(ANONYMOUS, queue));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "original");
    assertDenied(overwrite(ANONYMOUS, queue, key));
    assertDenied(overwrite(OTHER, queue, key));
    assertDenied(update(ANONYMOUS, queue));
    assertDenied(deleteQueue(ANONYMOUS, queue));
    assertEquals(List.of("original"), bodies(ANONYMOUS, queue));
  }

  @Test
  void onlyTheOwningApplicationMayOverwriteMessagesNotEvenAPrinciple() throws Exception {
    String queue = queues.create("overwrite", Map.of("principles", "app:app-two"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "original");
    assertDenied(overwrite(OTHER, queue, key));
    assertDenied(overwrite(ANONYMOUS, queue, key));
    assertEquals(List.of("original"), bodies(OTHER, queue), "unchanged");
    assertOk(200, overwrite(OWNER, queue, key));
    assertEquals(List.of("overwritten"), bodies(OTHER, queue));
  }

  // --- read and delete messages: principles if any, else the owning application -------------

  @Test
  void withoutPrinciplesOnlyTheOwnerMayReadAndDeleteMessages() throws Exception {
    String queue = queues.create("no-principles");
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "private");
    for (String stranger : new String[] {OTHER, ANONYMOUS}) {
      assertDenied(read(stranger, queue));
      assertDenied(fetch(stranger, queue, key));
      assertDenied(deleteMessages(stranger, queue, key));
    }
    assertEquals(List.of("private"), bodies(OWNER, queue));
    assertOk(200, fetch(OWNER, queue, key));
    assertOk(200, deleteMessages(OWNER, queue, key));
    assertEquals(List.of(), bodies(OWNER, queue));
  }

  @Test
  void withPrinciplesAPrincipleMayReadAndDeleteMessages() throws Exception {
    String queue = queues.create("principle-reads", Map.of("principles", "app:app-two"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "for two");
    assertEquals(List.of("for two"), bodies(OTHER, queue));
    var fetched = fetch(OTHER, queue, key);
    assertOk(200, fetched);
    assertEquals(List.of(key), fetched.messageIds());
    assertOk(200, deleteMessages(OTHER, queue, key));
    assertEquals(List.of(), bodies(OTHER, queue));
  }

  @Test
  void withPrinciplesTheOwnerIsExcludedUnlessListed() throws Exception {
    String queue = queues.create("owner-excluded", Map.of("principles", "app:app-two"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "not for one");
    assertDenied(read(OWNER, queue));
    assertDenied(fetch(OWNER, queue, key));
    assertDenied(deleteMessages(OWNER, queue, key));
    assertEquals(List.of("not for one"), bodies(OTHER, queue), "nothing deleted");
  }

  @Test
  void withPrinciplesAnonymousCallersMayNotReadOrDelete() throws Exception {
    String queue = queues.create("principles-anon", Map.of("principles", "app:app-two"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "hidden");
    assertDenied(read(ANONYMOUS, queue));
    assertDenied(fetch(ANONYMOUS, queue, key));
    assertDenied(deleteMessages(ANONYMOUS, queue, key));
  }

  @Test
  void anOwnerListedAmongThePrinciplesMayRead() throws Exception {
    String queue = queues.create("owner-listed", Map.of("principles", "app:app-two,app:app-one"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "for both");
    assertEquals(List.of("for both"), bodies(OWNER, queue));
    assertEquals(List.of("for both"), bodies(OTHER, queue));
    assertOk(200, deleteMessages(OWNER, queue, key));
  }

  @Test
  void withOnlyUserPrinciplesNoApplicationMayRead() throws Exception {
    String queue = queues.create("users-only", Map.of("principles", "bid:ann@example.com"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "for ann");
    assertDenied(read(OWNER, queue));
    assertDenied(read(OTHER, queue));
    assertDenied(fetch(OWNER, queue, key));
    assertDenied(deleteMessages(OWNER, queue, key));
  }

  @Test
  void changingThePrinciplesChangesWhoMayRead() throws Exception {
    String queue = queues.create("re-principled");
    Api.postOk(APP_ONE, KEY_ONE, queue, "moving");
    assertDenied(read(OTHER, queue));
    assertEquals(
        200, Api.form("PUT", path(queue), KEY_ONE, Map.of("principles", "app:app-two")).status());
    assertEquals(List.of("moving"), bodies(OTHER, queue));
    assertDenied(read(OWNER, queue));
    assertEquals(200, Api.form("PUT", path(queue), KEY_ONE, Map.of("principles", "")).status());
    assertEquals(List.of("moving"), bodies(OWNER, queue));
    assertDenied(read(OTHER, queue));
  }

  // --- public queues: everyone may read ----------------------------------------------------

  @Test
  void aPublicQueueIsReadableByEveryoneWithoutCredentials() throws Exception {
    String queue = queues.create("public", Map.of("type", "public"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "for all");
    for (String anyone : new String[] {ANONYMOUS, OTHER, OWNER}) {
      assertEquals(List.of("for all"), bodies(anyone, queue));
      var fetched = fetch(anyone, queue, key);
      assertOk(200, fetched);
      assertEquals(List.of("for all"), fetched.bodies());
    }
  }

  @Test
  void deletingMessagesOfAPublicQueueStillNeedsThePermission() throws Exception {
    String queue = queues.create("public-delete", Map.of("type", "public"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "stays");
    assertDenied(deleteMessages(ANONYMOUS, queue, key));
    assertDenied(deleteMessages(OTHER, queue, key));
    assertEquals(List.of("stays"), bodies(ANONYMOUS, queue));
    assertOk(200, deleteMessages(OWNER, queue, key));
  }

  @Test
  void aPublicQueueWithPrinciplesIsReadableByAllButDeletableByThePrinciplesOnly() throws Exception {
    String queue =
        queues.create("public-principles", Map.of("type", "public", "principles", "app:app-two"));
    String key = Api.postOk(APP_ONE, KEY_ONE, queue, "read by all");
    assertEquals(List.of("read by all"), bodies(OWNER, queue));
    assertEquals(List.of("read by all"), bodies(ANONYMOUS, queue));
    assertDenied(deleteMessages(OWNER, queue, key));
    assertDenied(deleteMessages(ANONYMOUS, queue, key));
    assertOk(200, deleteMessages(OTHER, queue, key));
  }

  // --- unknown applications and keys -------------------------------------------------------

  @Test
  void anUnknownApplicationIsA404() throws Exception {
    assertError(Api.raw("GET", "v1/no-such-app", OWNER, Map.of(), null), 404);
    assertError(Api.raw("GET", "v1/no-such-app", ANONYMOUS, Map.of(), null), 404);
    assertError(Api.form("POST", "v1/no-such-app", KEY_ONE, Map.of("queue_name", "q")), 404);
    assertError(Api.raw("GET", "v1/no-such-app/some-queue", OWNER, Map.of(), null), 404);
    assertError(Api.raw("GET", "v1/no-such-app/some-queue", ANONYMOUS, Map.of(), null), 404);
    assertError(Api.postMessage("no-such-app", KEY_ONE, "some-queue", "x", Map.of()), 404);
  }

  @Test
  void anUnknownKeyIsA401EvenOnAPublicQueue() throws Exception {
    String queue = queues.create("public-401", Map.of("type", "public"));
    assertEquals(200, read(ANONYMOUS, queue).status(), "open to anonymous callers");
    String wrong = Api.application("wrong-key-7d1c");
    for (Api.Answer answer :
        List.of(
            read(wrong, queue),
            list(wrong),
            create(wrong, Api.uniqueName("never")),
            post(wrong, queue),
            Api.raw("GET", "v1/no-such-app", wrong, Map.of(), null))) {
      assertError(answer, 401, "InvalidApplicationKey");
      assertFalse(answer.body().contains("wrong-key-7d1c"), "the key is never echoed");
    }
  }

  @Test
  void anApplicationSchemeWithoutAKeyIsA401() throws Exception {
    assertError(list("Application"), 401, "InvalidApplicationKey");
    assertError(list("Application "), 401, "InvalidApplicationKey");
  }

  @Test
  void theKeyOfAnotherApplicationIsA403NotA401() throws Exception {
    assertDenied(list(OTHER));
  }

  // --- the Authorization header -----------------------------------------------------------

  @Test
  void theApplicationSchemeIsCaseInsensitive() throws Exception {
    assertOk(200, list("application " + KEY_ONE));
    assertOk(200, list("APPLICATION " + KEY_ONE));
    assertOk(200, list("aPpLiCaTiOn " + KEY_ONE));
  }

  @Test
  void severalCredentialsSeparatedBySemicolonsAreAllApplied() throws Exception {
    String queue = queues.create("several", Map.of("principles", "app:app-two"));
    Api.postOk(APP_ONE, KEY_ONE, queue, "two reads");

    String both = "Application " + KEY_ONE + "; Application " + KEY_TWO;
    assertOk(200, list(both));
    assertEquals(List.of("two reads"), bodies(both, queue));
  }

  @Test
  void aTokenThatCannotBeVerifiedIsA401EvenBesideAValidKey() throws Exception {
    // This server trusts no issuer (UserTokensIT has one that does): every token fails.
    for (String auth :
        List.of(
            "BrowserID some.assertion.here; Application " + KEY_ONE,
            "Application " + KEY_ONE + "; Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")) {
      var answer = list(auth);
      assertError(answer, 401, "InvalidToken");
      assertEquals("Bearer error=\"invalid_token\"", answer.header("WWW-Authenticate"));
      assertFalse(answer.body().contains("assertion.here"), "the token is never echoed");
    }
  }

  @Test
  void oneUnknownKeyAmongSeveralCredentialsIsA401() throws Exception {
    var answer = list("Application " + KEY_ONE + "; Application not-a-key-9f2e");
    assertError(answer, 401, "InvalidApplicationKey");
    assertFalse(answer.body().contains("not-a-key-9f2e"));
  }
}
