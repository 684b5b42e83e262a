package io.queuey.auth.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidToken;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void noHeaderIsNoCredentials() {
    assertEquals(Credentials.NONE, Credentials.parse(null));
    assertEquals(Credentials.NONE, Credentials.parse("  "));
  }

  @Test
  void aBearerTokenAlone() {
    assertEquals(
        new Credentials(List.of(), Optional.of("a.b.c")), Credentials.parse("Bearer a.b.c"));
  }

  @Test
  void aKeyAndATokenInEitherOrder() {
    var expected = new Credentials(List.of("k"), Optional.of("a.b.c"));
    assertEquals(expected, Credentials.parse("Application k; Bearer a.b.c"));
    assertEquals(expected, Credentials.parse("Bearer a.b.c;Application k"));
  }

  @Test
  void browserIdIsReadAsBearerAndSchemesIgnoreCase() {
    for (String header :
        List.of("BrowserID a.b.c", "browserid a.b.c", "BEARER a.b.c", "bEaReR  a.b.c ")) {
      assertEquals(Optional.of("a.b.c"), Credentials.parse(header).token(), header);
    }
  }

  @Test
  void severalApplicationKeysAreKept() {
    assertEquals(
        List.of("k1", "k2"), Credentials.parse("Application k1; Application k2").applicationKeys());
  }

  @Test
  void twoTokensAreRejectedWhateverTheirSchemes() {
    for (String header : List.of("Bearer a.b.c; Bearer d.e.f", "Bearer a.b.c; BrowserID a.b.c")) {
      var rejected = assertThrows(InvalidToken.class, () -> Credentials.parse(header), header);
      assertEquals(401, rejected.status());
    }
  }

  @Test
  void aTokenSchemeWithoutATokenIsRejected() {
    assertThrows(InvalidToken.class, () -> Credentials.parse("Bearer"));
    assertThrows(InvalidToken.class, () -> Credentials.parse("Application k; BrowserID  "));
  }

  @Test
  void otherSchemesAreLeftAlone() {
    assertEquals(
        new Credentials(List.of("k"), Optional.empty()),
        Credentials.parse("Basic dXNlcjpwYXNz; Application k;;"));
  }
}
