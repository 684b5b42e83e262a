package io.queuey.queues.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.auth.control.Permissions;
import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.AccessDenied;
import io.queuey.queues.entity.Consistency;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import io.queuey.queues.entity.QueueType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** API.md, Permissions: the table, row by row, for every kind of caller. */
class PermissionsTest {

  private static final Principal APP_ONE = Principal.application("one");
  private static final Principal APP_TWO = Principal.application("two");
  private static final Principal ANN = Principal.user("ann@example.com");

  private static final Caller OWNER = caller(APP_ONE);
  private static final Caller OTHER = caller(APP_TWO);
  private static final Caller USER = caller(ANN);
  private static final Caller ANONYMOUS = Caller.ANONYMOUS;

  private static Caller caller(Principal... principals) {
    return new Caller(Set.of(principals));
  }

  private static Queue queue(QueueType type, Principal... principles) {
    return new Queue(
        "one",
        new QueueName("q"),
        new QueueSettings(1, type, Consistency.STRONG, List.of(principles)),
        Instant.now(),
        UUID.randomUUID());
  }

  private static void assertDenied(Executable call) {
    AccessDenied denied = assertThrows(AccessDenied.class, call);
    assertEquals(403, denied.status());
    assertTrue(String.join(" ", denied.errors().values()).contains("Access was denied"));
  }

  // --- list, create, update, delete queues; post, overwrite: app:{app} ----------------------

  @Test
  void theOwningApplicationIsTheOwner() {
    assertDoesNotThrow(() -> Permissions.requireOwner(OWNER, "one"));
    assertDoesNotThrow(() -> Permissions.requireOwner(caller(APP_TWO, APP_ONE), "one"));
  }

  @Test
  void anotherApplicationIsNoOwner() {
    assertDenied(() -> Permissions.requireOwner(OTHER, "one"));
  }

  @Test
  void anonymousCallersAndUsersAreNoOwner() {
    assertDenied(() -> Permissions.requireOwner(ANONYMOUS, "one"));
    assertDenied(() -> Permissions.requireOwner(USER, "one"));
  }

  // --- read or delete messages: the principles, else the owner ------------------------------

  @Test
  void withoutPrinciplesOnlyTheOwnerMayReadAndDelete() {
    Queue queue = queue(QueueType.USER);
    assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(OWNER, queue));
    assertDoesNotThrow(() -> QueueAccess.requireReader(OWNER, queue));
    for (Caller stranger : List.of(OTHER, USER, ANONYMOUS)) {
      assertDenied(() -> QueueAccess.requireReaderOrDeleter(stranger, queue));
      assertDenied(() -> QueueAccess.requireReader(stranger, queue));
    }
  }

  @Test
  void withPrinciplesEachPrincipleMayReadAndDelete() {
    Queue queue = queue(QueueType.USER, APP_TWO, ANN);
    for (Caller principle : List.of(OTHER, USER, caller(ANN, APP_ONE))) {
      assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(principle, queue));
      assertDoesNotThrow(() -> QueueAccess.requireReader(principle, queue));
    }
  }

  @Test
  void aUserOfATokenMatchesAPrincipleWrittenWithCapitals() {
    // Tokens give the address in lower case; a principle keeps the case it was written in.
    Queue queue = queue(QueueType.USER, Principal.user("Ann.Lee+q@Example.COM"));
    Caller fromToken = caller(Principal.user("ann.lee+q@example.com"));
    assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(fromToken, queue));
    assertDenied(
        () ->
            QueueAccess.requireReaderOrDeleter(
                caller(Principal.user("ann.lee@example.com")), queue));
  }

  @Test
  void aSubjectPrincipleMatchesThatIssuersSubjectOnly() {
    Queue queue = queue(QueueType.USER, Principal.subject("google", "123"));
    assertDoesNotThrow(
        () ->
            QueueAccess.requireReaderOrDeleter(caller(Principal.subject("google", "123")), queue));
    assertDenied(
        () -> QueueAccess.requireReaderOrDeleter(caller(Principal.subject("entra", "123")), queue));
    assertDenied(() -> Permissions.requireOwner(caller(Principal.subject("google", "123")), "one"));
  }

  @Test
  void withPrinciplesTheOwnerIsExcludedUnlessListed() {
    Queue queue = queue(QueueType.USER, APP_TWO);
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(OWNER, queue));
    assertDenied(() -> QueueAccess.requireReader(OWNER, queue));
    Queue listed = queue(QueueType.USER, APP_TWO, APP_ONE);
    assertDoesNotThrow(() -> QueueAccess.requireReader(OWNER, listed));
    assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(OWNER, listed));
  }

  @Test
  void withPrinciplesAnonymousCallersMayNeitherReadNorDelete() {
    Queue queue = queue(QueueType.USER, APP_TWO);
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(ANONYMOUS, queue));
    assertDenied(() -> QueueAccess.requireReader(ANONYMOUS, queue));
  }

  // --- public queues: everyone reads ---------------------------------------------------------

  @Test
  void everyoneMayReadAPublicQueue() {
    for (Queue queue : List.of(queue(QueueType.PUBLIC), queue(QueueType.PUBLIC, APP_TWO))) {
      for (Caller anyone : List.of(OWNER, OTHER, USER, ANONYMOUS)) {
        assertDoesNotThrow(() -> QueueAccess.requireReader(anyone, queue));
      }
    }
  }

  @Test
  void deletingFromAPublicQueueStillFollowsThePrinciplesRule() {
    Queue plain = queue(QueueType.PUBLIC);
    assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(OWNER, plain));
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(ANONYMOUS, plain));
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(OTHER, plain));

    Queue withPrinciples = queue(QueueType.PUBLIC, APP_TWO);
    assertDoesNotThrow(() -> QueueAccess.requireReaderOrDeleter(OTHER, withPrinciples));
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(OWNER, withPrinciples));
    assertDenied(() -> QueueAccess.requireReaderOrDeleter(ANONYMOUS, withPrinciples));
  }
}
