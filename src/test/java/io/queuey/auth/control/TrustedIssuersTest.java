package io.queuey.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.auth.entity.IssuerSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedIssuersTest {

  private static Map<String, String> google() {
    var properties = new HashMap<String, String>();
    properties.put(
        "queuey.auth.issuer.google.issuer", "https://accounts.google.com,accounts.google.com");
    properties.put(
        "queuey.auth.issuer.google.discovery-uri",
        "https://accounts.google.com/.well-known/openid-configuration");
    properties.put("queuey.auth.issuer.google.audiences", "1234.apps.googleusercontent.com");
    return properties;
  }

  private static List<IssuerSettings> parse(String names, Map<String, String> properties) {
    return TrustedIssuers.parse(names, name -> Optional.ofNullable(properties.get(name)));
  }

  private static void assertRefused(Map<String, String> properties, String mentioned) {
    var refused =
        assertThrows(TrustedIssuers.InvalidConfiguration.class, () -> parse("google", properties));
    assertTrue(
        refused.getMessage().contains(mentioned),
        () -> "'" + refused.getMessage() + "' mentions " + mentioned);
  }

  @Test
  void noIssuersIsAValidConfiguration() {
    assertEquals(List.of(), parse(" ", Map.of()));
    assertEquals(List.of(), parse(null, Map.of()));
  }

  @Test
  void anIssuerGetsTheDocumentedDefaults() {
    IssuerSettings google = parse("google", google()).get(0);
    assertEquals("google", google.name());
    assertEquals(Set.of("https://accounts.google.com", "accounts.google.com"), google.issuers());
    assertEquals(Set.of("RS256", "ES256"), google.algorithms());
    assertEquals(Duration.ofSeconds(60), google.clockSkew());
    assertEquals("email", google.emailClaim());
    assertTrue(google.requireEmailVerified());
    assertEquals(Duration.ofSeconds(30), google.refreshMin());
    assertEquals(Optional.empty(), google.jwksUri());
    assertEquals(
        Optional.of(URI.create("https://accounts.google.com/.well-known/openid-configuration")),
        google.discoveryUri());
  }

  @Test
  void everySettingCanBeGiven() {
    var properties = google();
    properties.put(
        "queuey.auth.issuer.google.jwks-uri", "https://www.googleapis.com/oauth2/v3/certs");
    properties.put("queuey.auth.issuer.google.algorithms", "RS256, PS256, ES384");
    properties.put("queuey.auth.issuer.google.clock-skew-seconds", "5");
    properties.put("queuey.auth.issuer.google.email-claim", "upn");
    properties.put("queuey.auth.issuer.google.require-email-verified", "false");
    properties.put("queuey.auth.issuer.google.jwks-refresh-min-seconds", "300");
    IssuerSettings google = parse("google", properties).get(0);
    assertEquals(Set.of("RS256", "PS256", "ES384"), google.algorithms());
    assertEquals(Duration.ofSeconds(5), google.clockSkew());
    assertEquals("upn", google.emailClaim());
    assertEquals(false, google.requireEmailVerified());
    assertEquals(Duration.ofSeconds(300), google.refreshMin());
    assertEquals(
        Optional.of(URI.create("https://www.googleapis.com/oauth2/v3/certs")), google.jwksUri());
  }

  @Test
  void anIssuerWithoutIssOrAudiencesIsRefused() {
    var noIss = google();
    noIss.remove("queuey.auth.issuer.google.issuer");
    assertRefused(noIss, "queuey.auth.issuer.google.issuer");
    var noAudiences = google();
    noAudiences.put("queuey.auth.issuer.google.audiences", " , ");
    assertRefused(noAudiences, "queuey.auth.issuer.google.audiences");
  }

  @Test
  void anIssuerWithoutKeysIsRefused() {
    var noKeys = google();
    noKeys.remove("queuey.auth.issuer.google.discovery-uri");
    assertRefused(noKeys, "jwks-uri");
  }

  @Test
  void noneHmacAndUnknownAlgorithmsAreRefused() {
    for (String algorithm : List.of("none", "HS256", "HS512", "RS256,hs384", "EdDSA", "RSA-OAEP")) {
      var properties = google();
      properties.put("queuey.auth.issuer.google.algorithms", algorithm);
      assertRefused(properties, "queuey.auth.issuer.google.algorithms");
    }
  }

  @Test
  void plainHttpNeedsAllowInsecureHttp() {
    var properties = google();
    properties.put("queuey.auth.issuer.google.discovery-uri", "http://127.0.0.1:8080/.well-known");
    assertRefused(properties, "allow-insecure-http");
    properties.put("queuey.auth.issuer.google.allow-insecure-http", "true");
    assertEquals(
        Optional.of(URI.create("http://127.0.0.1:8080/.well-known")),
        parse("google", properties).get(0).discoveryUri());
    properties.put("queuey.auth.issuer.google.jwks-uri", "ftp://example.com/keys");
    assertRefused(properties, "jwks-uri");
  }

  @Test
  void badNumbersAndBooleansAreRefused() {
    var skew = google();
    skew.put("queuey.auth.issuer.google.clock-skew-seconds", "-1");
    assertRefused(skew, "clock-skew-seconds");
    var refresh = google();
    refresh.put("queuey.auth.issuer.google.jwks-refresh-min-seconds", "soon");
    assertRefused(refresh, "jwks-refresh-min-seconds");
    var verified = google();
    verified.put("queuey.auth.issuer.google.require-email-verified", "maybe");
    assertRefused(verified, "require-email-verified");
  }

  @Test
  void oneIssValueBelongsToOneIssuer() {
    var properties = google();
    properties.put("queuey.auth.issuer.copy.issuer", "https://accounts.google.com");
    properties.put("queuey.auth.issuer.copy.jwks-uri", "https://example.com/jwks");
    properties.put("queuey.auth.issuer.copy.audiences", "x");
    var refused =
        assertThrows(
            TrustedIssuers.InvalidConfiguration.class, () -> parse("google,copy", properties));
    assertTrue(refused.getMessage().contains("already the issuer of 'google'"));
  }

  @Test
  void anIssuerNameMustBeUsableInAPrincipal() {
    var refused =
        assertThrows(TrustedIssuers.InvalidConfiguration.class, () -> parse("my issuer", Map.of()));
    assertTrue(refused.getMessage().contains("queuey.auth.issuers"));
  }
}
