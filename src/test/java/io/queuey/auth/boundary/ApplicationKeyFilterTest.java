package io.queuey.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.auth.control.Applications;
import io.queuey.auth.control.TokenVerifier;
import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidApplicationKey;
import io.queuey.errors.InvalidToken;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationKeyFilterTest {

  private static final Principal ONE = Principal.application("one");
  private static final Principal TWO = Principal.application("two");

  private ApplicationKeyFilter filter;

  @BeforeEach
  void configure() {
    filter = new ApplicationKeyFilter();
    filter.applications =
        new Applications(
            List.of("one", "two", "keyless"),
            name ->
                switch (name) {
                  case "one" -> List.of("key-one", "key-one-next");
                  case "two" -> List.of("key-two");
                  default -> List.of();
                });
    filter.tokens =
        new TokenVerifier(
            List.of(),
            uri -> {
              throw new java.io.IOException("no issuer is trusted here");
            },
            java.time.Clock.systemUTC(),
            8192,
            100);
  }

  private Set<Principal> principalsOf(String authorization) {
    return filter.callerOf(authorization).principals();
  }

  private void assertRejected(String authorization) {
    InvalidApplicationKey rejected =
        assertThrows(
            InvalidApplicationKey.class, () -> filter.callerOf(authorization), authorization);
    assertEquals(401, rejected.status());
    assertEquals(Set.of("InvalidApplicationKey"), rejected.errors().keySet());
  }

  @Test
  void noAuthorizationIsAnAnonymousCaller() {
    assertEquals(Caller.ANONYMOUS, filter.callerOf(null));
    assertEquals(Caller.ANONYMOUS, filter.callerOf(""));
    assertEquals(Caller.ANONYMOUS, filter.callerOf("   "));
  }

  @Test
  void aKnownKeyMakesTheCallerItsApplication() {
    assertEquals(Set.of(ONE), principalsOf("Application key-one"));
    assertEquals(Set.of(TWO), principalsOf("Application key-two"));
  }

  @Test
  void everyKeyOfARotationNamesTheSameApplication() {
    assertEquals(Set.of(ONE), principalsOf("Application key-one-next"));
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    assertEquals(Set.of(ONE), principalsOf("application key-one"));
    assertEquals(Set.of(ONE), principalsOf("APPLICATION key-one"));
    assertEquals(Set.of(ONE), principalsOf("aPPlication key-one"));
  }

  @Test
  void theKeyIsCaseSensitive() {
    assertRejected("Application KEY-ONE");
  }

  @Test
  void spacesAroundSchemeAndKeyAreForgiven() {
    assertEquals(Set.of(ONE), principalsOf("  Application    key-one  "));
  }

  @Test
  void severalCredentialsSeparatedBySemicolonsAreAllApplied() {
    assertEquals(Set.of(ONE, TWO), principalsOf("Application key-one; Application key-two"));
    assertEquals(Set.of(ONE, TWO), principalsOf("Application key-two;Application key-one-next"));
  }

  @Test
  void otherSchemesBesideAnApplicationKeyAreLeftAlone() {
    assertEquals(Set.of(TWO), principalsOf("Basic dXNlcjpwYXNz; Application key-two"));
    assertEquals(Set.of(ONE), principalsOf("Application key-one; Digest realm=x"));
  }

  @Test
  void onlyOtherSchemesMakeNoPrincipal() {
    assertEquals(Set.of(), principalsOf("Basic dXNlcjpwYXNz"));
  }

  @Test
  void aTokenThatFailsRejectsTheCallEvenWithAValidKey() {
    for (String header :
        List.of(
            "BrowserID eyJhbGciOi.assertion; Application key-two",
            "Application key-one; BrowserID some-assertion",
            "Application key-one; Bearer a.b.c",
            "bearer token")) {
      InvalidToken rejected =
          assertThrows(InvalidToken.class, () -> filter.callerOf(header), header);
      assertEquals(401, rejected.status());
      assertEquals(Set.of("InvalidToken"), rejected.errors().keySet());
      assertEquals("Bearer error=\"invalid_token\"", rejected.headers().get("WWW-Authenticate"));
    }
  }

  @Test
  void emptyCredentialsBetweenSemicolonsAreIgnored() {
    assertEquals(Set.of(ONE), principalsOf("Application key-one;;"));
    assertEquals(Set.of(ONE), principalsOf("; ;Application key-one"));
  }

  @Test
  void anUnknownKeyIsRejected() {
    assertRejected("Application no-such-key");
  }

  @Test
  void anApplicationSchemeWithoutKeyIsRejected() {
    assertRejected("Application");
    assertRejected("Application   ");
  }

  @Test
  void oneUnknownKeyAmongSeveralCredentialsRejectsTheCall() {
    assertRejected("Application key-one; Application no-such-key");
    assertRejected("Application no-such-key; Application key-one");
    assertRejected("Application no-such-key; BrowserID assertion");
  }

  @Test
  void theMessageOfARejectionNeverEchoesTheKey() {
    InvalidApplicationKey rejected =
        assertThrows(
            InvalidApplicationKey.class, () -> filter.callerOf("Application secret-1234567"));
    rejected.errors().values().forEach(message -> assertEquals(-1, message.indexOf("secret")));
    assertEquals(-1, String.valueOf(rejected.getMessage()).indexOf("secret"));
  }
}
