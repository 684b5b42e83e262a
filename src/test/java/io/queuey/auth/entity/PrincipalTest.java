package io.queuey.auth.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  @Test
  void applicationPrincipalIsWrittenAppColonName() {
    Principal app = Principal.parse("principles", "app:my_app-1.0");

    assertEquals(Principal.application("my_app-1.0"), app);
    assertEquals("app", app.kind());
    assertEquals("my_app-1.0", app.name());
    assertEquals("app:my_app-1.0", app.toString());
    assertTrue(app.isApplication());
    assertFalse(app.isUser());
  }

  @Test
  void userPrincipalIsWrittenBidColonEmail() {
    Principal user = Principal.parse("principles", "bid:ann@example.com");

    assertEquals(Principal.user("ann@example.com"), user);
    assertEquals("bid:ann@example.com", user.toString());
    assertTrue(user.isUser());
    assertFalse(user.isApplication());
  }

  @Test
  void applicationNameOf100CharactersIsAccepted() {
    assertEquals("a".repeat(100), Principal.application("a".repeat(100)).name());
  }

  @Test
  void badApplicationNamesAreRejectedUnderTheGivenKey() {
    String[] bad = {"app:", "app:a b", "app:" + "a".repeat(101), "app:a/b", "app:caf\u00e9"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Principal.parse("principles", text), text);
      assertEquals(Set.of("principles"), ex.errors().keySet(), text);
    }
  }

  @Test
  void realWorldEmailPrinciplesAreAccepted() {
    String[] addresses = {
      "first.last+tag@sub.example.co.uk",
      "o'hara@example.com",
      "a-b_c@my-host.example.org",
      "1234@example.com",
      "x@example.museum",
      "user@xn--bcher-kva.example",
      "user@xn--p1ai.xn--p1ai",
      "much.more-unusual!#$%&*/=?^`{|}~@example.com",
      "a@b.co"
    };
    for (String address : addresses) {
      Principal user = Principal.parse("principles", "bid:" + address);
      assertEquals(address, user.name());
    }
  }

  @Test
  void malformedEmailPrinciplesAreRejected() {
    String[] addresses = {
      "",
      "plainaddress",
      "@example.com",
      "a@",
      "a@@example.com",
      "a@b@example.com",
      ".a@example.com",
      "a.@example.com",
      "a..b@example.com",
      "a@localhost",
      "a@-example.com",
      "a@example-.com",
      "a@example..com",
      "a@.example.com",
      "a@example.com.",
      "a@example.c",
      "a@1.2.3.4",
      "a@[1.2.3.4]",
      "a b@example.com",
      "a@exa mple.com",
      "a@exa_mple.com",
      "\"quoted\"@example.com",
      "j\u00fcrgen@example.com",
      "a@b\u00fccher.example",
      "a(comment)@example.com",
      "a@" + "l".repeat(64) + ".com",
      "l".repeat(65) + "@example.com",
      longAddress(255)
    };
    for (String address : addresses) {
      InvalidParameter ex =
          assertThrows(
              InvalidParameter.class,
              () -> Principal.parse("principles", "bid:" + address),
              address);
      assertEquals(Set.of("principles"), ex.errors().keySet(), address);
    }
  }

  @Test
  void emailOfTheLongestAllowedLengthIsAccepted() {
    String address = longAddress(254);

    assertEquals(address, Principal.user(address).name());
  }

  @Test
  void domainOfAUserIsComparedWithoutRegardToCase() {
    Principal granted = Principal.parse("principles", "bid:Ann.Lee@Example.COM");

    assertEquals("Ann.Lee@example.com", granted.name());
    assertEquals(Principal.user("Ann.Lee@example.com"), granted);
  }

  @Test
  void subjectPrincipalIsWrittenOidcColonIssuerColonSubject() {
    Principal subject = Principal.parse("principles", "oidc:google:110169484474386276334");

    assertEquals(Principal.subject("google", "110169484474386276334"), subject);
    assertEquals("oidc:google:110169484474386276334", subject.toString());
    assertEquals(
        "oidc:auth0:auth0|5f7c8ec7c33c6c004bbafe82",
        Principal.parse("principles", "oidc:auth0:auth0|5f7c8ec7c33c6c004bbafe82").toString());
    assertEquals(
        "oidc:kc:f:1b2c:ann",
        Principal.parse("principles", "oidc:kc:f:1b2c:ann").toString(),
        "a subject may itself contain colons");
  }

  @Test
  void badSubjectPrincipalsAreRejectedUnderTheGivenKey() {
    String[] bad = {
      "oidc:",
      "oidc:google",
      "oidc:google:",
      "oidc::sub",
      "oidc:bad name:x",
      "oidc:g:a b",
      "oidc:g:" + "s".repeat(256),
      "oidc:g:caf\u00e9"
    };
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Principal.parse("principles", text), text);
      assertEquals(Set.of("principles"), ex.errors().keySet(), text);
    }
  }

  @Test
  void unknownKindsAreRejectedUnderTheGivenKey() {
    String[] bad = {"", "noColon", "user:ann@example.com", "APP:a", "Bid:ann@example.com", ":a"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Principal.parse("owner", text), text);
      assertEquals(Set.of("owner"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> Principal.parse("owner", null));
    assertEquals(Set.of("owner"), absent.errors().keySet());
  }

  @Test
  void principalBuiltDirectlyIsReportedUnderPrinciples() {
    InvalidParameter app = assertThrows(InvalidParameter.class, () -> Principal.application("a b"));
    InvalidParameter user = assertThrows(InvalidParameter.class, () -> Principal.user("nobody"));
    InvalidParameter kind =
        assertThrows(InvalidParameter.class, () -> new Principal("key", "secret"));

    assertEquals(Set.of("principles"), app.errors().keySet());
    assertEquals(Set.of("principles"), user.errors().keySet());
    assertEquals(Set.of("principles"), kind.errors().keySet());
  }

  @Test
  void principleListIsParsedInOrderWithSpacesForgiven() {
    assertEquals(
        List.of(Principal.application("a"), Principal.user("ann@example.com")),
        Principal.parseList("principles", "app:a , bid:ann@example.com"));
  }

  @Test
  void emptyPrincipleListMeansNoPrinciples() {
    assertEquals(List.of(), Principal.parseList("principles", ""));
    assertEquals(List.of(), Principal.parseList("principles", "  "));
    assertEquals(List.of(), Principal.parseList("principles", null));
  }

  @Test
  void principalListedTwiceIsKeptOnce() {
    assertEquals(
        List.of(Principal.application("a"), Principal.application("b")),
        Principal.parseList("principles", "app:a,app:b,app:a"));
  }

  @Test
  void principleListWithEmptyOrBadEntriesIsRejected() {
    String[] bad = {",", "app:a,", ",app:a", "app:a,,app:b", "app:a,bid:nobody", "app:a;app:b"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Principal.parseList("principles", text), text);
      assertEquals(Set.of("principles"), ex.errors().keySet(), text);
    }
  }

  @Test
  void principleListCannotBeChanged() {
    List<Principal> principals = Principal.parseList("principles", "app:a");

    assertThrows(
        UnsupportedOperationException.class, () -> principals.add(Principal.application("b")));
  }

  /** An address of exactly {@code length} characters (from 195) whose labels are all valid. */
  private static String longAddress(int length) {
    String address = "a@" + "l".repeat(63) + "." + "m".repeat(63) + "." + "n".repeat(63) + ".";
    address += "o".repeat(length - address.length());
    assertEquals(length, address.length());
    return address;
  }
}
