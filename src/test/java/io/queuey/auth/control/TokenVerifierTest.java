package io.queuey.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.queuey.auth.entity.IssuerSettings;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.AuthUnavailable;
import io.queuey.errors.InvalidToken;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private static final String ISS = "https://issuer.example";
  private static final URI JWKS = URI.create("https://issuer.example/jwks");
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static RSAKey key;

  private final AtomicInteger fetches = new AtomicInteger();
  private volatile String jwks;
  private volatile boolean down;
  private MutableClock clock;
  private TokenVerifier verifier;

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    volatile Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void setUp() throws JOSEException {
    if (key == null) {
      key = new RSAKeyGenerator(2048).keyID("k1").generate();
    }
    jwks = new JWKSet(key).toPublicJWKSet().toString();
    clock = new MutableClock();
    var settings =
        new IssuerSettings(
            "example",
            Set.of(ISS),
            Optional.of(JWKS),
            Optional.empty(),
            Set.of("queuey"),
            Set.of("RS256"),
            Duration.ofSeconds(60),
            "email",
            true,
            Duration.ofSeconds(30),
            false);
    KeySource source =
        uri -> {
          fetches.incrementAndGet();
          if (down) {
            throw new IOException("down");
          }
          return jwks;
        };
    verifier = new TokenVerifier(List.of(settings), source, clock, 8192, 3);
  }

  private static String token(JWTClaimsSet claims) throws JOSEException {
    var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISS)
        .audience("queuey")
        .subject("u1")
        .claim("email", "Ann@Example.COM")
        .claim("email_verified", true)
        .expirationTime(Date.from(NOW.plusSeconds(300)));
  }

  @Test
  void aValidTokenProvesTheSubjectAndTheLowerCasedEmail() throws Exception {
    assertEquals(
        Set.of(Principal.subject("example", "u1"), Principal.user("ann@example.com")),
        verifier.verify(token(claims().build())));
  }

  @Test
  void theSkewIsExactAtTheBoundary() throws Exception {
    String token = token(claims().expirationTime(Date.from(NOW.minusSeconds(59))).build());
    assertEquals(2, verifier.verify(token).size(), "59 s past exp, within the 60 s skew");
    String expired = token(claims().expirationTime(Date.from(NOW.minusSeconds(60))).build());
    var rejected = assertThrows(InvalidToken.class, () -> verifier.verify(expired));
    assertEquals("expired", rejected.errors().get("InvalidToken"));
  }

  @Test
  void aRememberedTokenStillExpires() throws Exception {
    String token = token(claims().build());
    verifier.verify(token);
    clock.now = NOW.plusSeconds(300 + 60);
    assertThrows(InvalidToken.class, () -> verifier.verify(token));
  }

  @Test
  void aRememberedTokenIsNotCheckedAgainEvenWhenTheIssuerIsDown() throws Exception {
    String token = token(claims().build());
    verifier.verify(token);
    down = true;
    jwks = "{\"keys\": []}";
    assertEquals(2, verifier.verify(token).size());
    assertEquals(1, fetches.get());
  }

  @Test
  void theRememberedTokensAreBounded() throws Exception {
    for (int i = 0; i < 10; i++) {
      verifier.verify(token(claims().subject("u" + i).build()));
      assertTrue(verifier.remembered() <= 3, "at most the configured size");
    }
  }

  @Test
  void withoutKeysTheFailedFetchIsRetriedOnlyAfterTheInterval() throws Exception {
    down = true;
    String token = token(claims().build());
    assertThrows(AuthUnavailable.class, () -> verifier.verify(token));
    assertThrows(AuthUnavailable.class, () -> verifier.verify(token));
    assertEquals(1, fetches.get(), "no fetch per request");
    down = false;
    clock.now = NOW.plus(IssuerKeys.RETRY_WITHOUT_KEYS);
    assertEquals(2, verifier.verify(token).size());
    assertEquals(2, fetches.get());
  }

  @Test
  void anUnknownKidRefreshesAtMostOncePerInterval() throws Exception {
    verifier.verify(token(claims().build()));
    RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k2").build(), claims().build());
    jwt.sign(new RSASSASigner(next));
    String rotated = jwt.serialize();
    jwks = new JWKSet(List.of(key, next)).toPublicJWKSet().toString();
    assertThrows(InvalidToken.class, () -> verifier.verify(rotated), "within 30 s: no fetch");
    assertEquals(1, fetches.get());
    clock.now = NOW.plusSeconds(30);
    assertEquals(2, verifier.verify(rotated).size());
    assertEquals(2, fetches.get());
  }

  @Test
  void anUnverifiedOrMalformedEmailGivesOnlyTheSubject() throws Exception {
    assertEquals(
        Set.of(Principal.subject("example", "u1")),
        verifier.verify(token(claims().claim("email_verified", false).build())));
    assertEquals(
        Set.of(Principal.subject("example", "u1")),
        verifier.verify(token(claims().claim("email", "not an address").build())));
  }

  @Test
  void aSubjectThatCannotBeAPrincipalIsRejected() throws Exception {
    String token = token(claims().subject("a,b").build());
    var rejected = assertThrows(InvalidToken.class, () -> verifier.verify(token));
    assertTrue(rejected.errors().get("InvalidToken").startsWith("sub"));
  }
}
