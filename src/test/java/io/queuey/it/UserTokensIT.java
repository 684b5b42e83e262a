package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md, "User identities — signed tokens", end to end: a server of its own (the packaged WAR on
 * Payara Micro or Open Liberty, see {@link AppServer}; the test Cassandra) trusting issuers whose
 * keys this test generates and serves from a local JWKS server, with tokens signed here.
 */
class UserTokensIT {

  private static final String AUD = "queuey-test";
  private static final String MAIN_ISS = "https://issuer.test/main";
  private static final String MAIN_ALIAS = "https://issuer.test/main-alias";
  private static final String OTHER_ISS = "https://issuer.test/other";
  private static final String DISC_ISS = "https://issuer.test/disc";
  private static final String LATE_ISS = "https://issuer.test/late";
  private static final String DOWN_ISS = "https://issuer.test/down";

  private static final String ANN = "Ann.Lee+queuey@Mail.Example.COM";

  private static Issuers issuers;
  private static AppServer server;
  private static final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final RSAKey MAIN_RSA = Issuers.rsa("main-rsa-1");
  private static final ECKey MAIN_EC = Issuers.ec("main-ec-1");
  private static final RSAKey MAIN_NEXT = Issuers.rsa("main-rsa-2");
  private static final RSAKey OTHER_RSA = Issuers.rsa("other-rsa-1");
  private static final RSAKey DISC_RSA = Issuers.rsa("disc-rsa-1");
  private static final RSAKey LATE_RSA = Issuers.rsa("late-rsa-1");
  private static final RSAKey DOWN_RSA = Issuers.rsa("down-rsa-1");
  private static final RSAKey EVIL = Issuers.rsa("evil-1");

  @BeforeAll
  static void startServers() throws Exception {
    issuers = new Issuers();
    issuers.serveKeys("/main/jwks", MAIN_RSA, MAIN_EC);
    issuers.serveKeys("/other/jwks", OTHER_RSA);
    issuers.serve(
        "/disc/.well-known/openid-configuration",
        200,
        "{\"issuer\": \"" + DISC_ISS + "\", \"jwks_uri\": \"" + issuers.uri("/disc/jwks") + "\"}");
    issuers.serveKeys("/disc/jwks", DISC_RSA);
    issuers.serve("/late/jwks", 503, "{}");
    issuers.serveKeys("/evil/jwks", EVIL);
    var options = new java.util.ArrayList<String>();
    options.add("queuey.auth.issuers=main,other,disc,late,down");
    options.addAll(
        issuer(
            "main",
            Map.of(
                "issuer",
                MAIN_ISS + "," + MAIN_ALIAS,
                "jwks-uri",
                issuers.uri("/main/jwks"),
                "audiences",
                AUD + ",another-audience",
                "jwks-refresh-min-seconds",
                "1")));
    options.addAll(
        issuer(
            "other",
            Map.of(
                "issuer",
                OTHER_ISS,
                "jwks-uri",
                issuers.uri("/other/jwks"),
                "audiences",
                AUD,
                "email-claim",
                "mail",
                "require-email-verified",
                "false",
                "jwks-refresh-min-seconds",
                "3600")));
    options.addAll(
        issuer(
            "disc",
            Map.of(
                "issuer",
                DISC_ISS,
                "discovery-uri",
                issuers.uri("/disc/.well-known/openid-configuration"),
                "audiences",
                AUD,
                "jwks-refresh-min-seconds",
                "1")));
    options.addAll(
        issuer(
            "late",
            Map.of(
                "issuer",
                LATE_ISS,
                "jwks-uri",
                issuers.uri("/late/jwks"),
                "audiences",
                AUD,
                "jwks-refresh-min-seconds",
                "1")));
    // Nothing listens on port 1 of the loopback: every fetch fails at once.
    options.addAll(
        issuer(
            "down",
            Map.of(
                "issuer", DOWN_ISS,
                "jwks-uri", "http://127.0.0.1:1/jwks",
                "audiences", AUD)));
    server =
        AppServer.start(Integer.getInteger("queuey.it.cassandra.port", 19042), "tokens", options);
    server.awaitReady();
  }

  private static List<String> issuer(String name, Map<String, String> properties) {
    var options = new java.util.ArrayList<String>();
    options.add("queuey.auth.issuer." + name + ".allow-insecure-http=true");
    properties.forEach(
        (key, value) -> options.add("queuey.auth.issuer." + name + "." + key + "=" + value));
    return options;
  }

  @AfterAll
  static void stopServers() {
    if (server != null) {
      for (String queue : created) {
        try {
          call("DELETE", "v1/" + APP_ONE + "/" + queue, Api.application(KEY_ONE), Map.of(), null);
        } catch (Exception ignored) {
          // best effort: the name is unique
        }
      }
      server.close();
    }
    if (issuers != null) {
      issuers.close();
    }
  }

  // --- requests against this class's own server ---------------------------------------------

  private static Api.Answer call(
      String method, String path, String authorization, Map<String, String> headers, String body)
      throws Exception {
    var request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    return Api.send(request);
  }

  private static Api.Answer read(String authorization, String queue) throws Exception {
    return call("GET", "v1/" + APP_ONE + "/" + queue, authorization, Map.of(), null);
  }

  private static Api.Answer post(String authorization, String queue, String body) throws Exception {
    return call(
        "POST",
        "v1/" + APP_ONE + "/" + queue,
        authorization,
        Map.of("Content-Type", "text/plain"),
        body);
  }

  private static String createQueue(String prefix, String principles) throws Exception {
    String name = Api.uniqueName(prefix);
    var fields = new LinkedHashMap<String, String>();
    fields.put("queue_name", name);
    if (principles != null) {
      fields.put("principles", principles);
    }
    var answer =
        call(
            "POST",
            "v1/" + APP_ONE,
            Api.application(KEY_ONE),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            Api.formEncoded(fields));
    assertEquals(201, answer.status(), answer::toString);
    created.add(name);
    return name;
  }

  private static String postOk(String queue, String body) throws Exception {
    var answer = post(Api.application(KEY_ONE), queue, body);
    assertEquals(201, answer.status(), answer::toString);
    return answer.messages().get(0).getString("key");
  }

  private static List<String> bodies(String authorization, String queue) throws Exception {
    var answer = read(authorization, queue);
    assertEquals(200, answer.status(), answer::toString);
    return answer.bodies();
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  /** A valid token of the main issuer for Ann, e-mail verified, signed with its RSA key. */
  private static JWTClaimsSet.Builder ann() {
    return Issuers.claims(MAIN_ISS, AUD, "ann-123")
        .claim("email", ANN)
        .claim("email_verified", true);
  }

  private static String annToken() {
    return Issuers.sign(MAIN_RSA, ann().build());
  }

  /** A 401 as API.md has it, naming a check that contains {@code check}; never the token. */
  private static void assertInvalidToken(Api.Answer answer, String token, String check) {
    Api.assertError(answer, 401, "InvalidToken");
    assertEquals(
        "Bearer error=\"invalid_token\"",
        answer.header("WWW-Authenticate"),
        () -> "WWW-Authenticate of " + answer);
    String message = answer.json().getJsonObject("error_msg").getString("InvalidToken");
    assertTrue(
        message.toLowerCase(Locale.ROOT).contains(check),
        () -> "the message names the check '" + check + "': " + message);
    if (token != null && token.length() > 10) {
      assertFalse(answer.body().contains(token), "the token is never echoed");
      for (String part : token.split("\\.")) {
        if (part.length() > 8) {
          assertFalse(answer.body().contains(part), "no part of the token is echoed");
        }
      }
    }
  }

  // --- what a user may do -------------------------------------------------------------------

  @Test
  void aUserListedByEmailMayReadAndDeleteMessages() throws Exception {
    // Written with capitals: the domain and (for tokens, which are lower-cased) the local part
    // match regardless of case; a plus sign and a subdomain are part of real addresses.
    String queue = createQueue("user-reads", "bid:" + ANN);
    String first = postOk(queue, "first");
    postOk(queue, "second");
    String token = annToken();

    assertEquals(List.of("first", "second"), bodies(bearer(token), queue));
    var fetched =
        call("GET", "v1/" + APP_ONE + "/" + queue + "/" + first, bearer(token), Map.of(), null);
    assertEquals(200, fetched.status(), fetched::toString);
    assertEquals(List.of("first"), fetched.bodies());
    var deleted =
        call("DELETE", "v1/" + APP_ONE + "/" + queue + "/" + first, bearer(token), Map.of(), null);
    assertEquals(200, deleted.status(), deleted::toString);
    assertEquals(List.of("second"), bodies(bearer(token), queue));
  }

  @Test
  void aTokenSignedWithAnEcKeyOrCarryingAnIssuerAliasIsAccepted() throws Exception {
    String queue = createQueue("ec-alias", "bid:" + ANN);
    postOk(queue, "for ann");
    assertEquals(List.of("for ann"), bodies(bearer(Issuers.sign(MAIN_EC, ann().build())), queue));
    assertEquals(
        List.of("for ann"),
        bodies(bearer(Issuers.sign(MAIN_RSA, ann().issuer(MAIN_ALIAS).build())), queue));
  }

  @Test
  void aUserMayNotReadQueuesThatDoNotListThem() throws Exception {
    String others = createQueue("bob-only", "bid:bob@example.com");
    String appOnly = createQueue("app-only", null);
    String key = postOk(others, "for bob");
    postOk(appOnly, "for the app");
    String token = bearer(annToken());
    Api.assertDenied(read(token, others));
    Api.assertDenied(read(token, appOnly));
    Api.assertDenied(
        call("DELETE", "v1/" + APP_ONE + "/" + others + "/" + key, token, Map.of(), null));
    assertEquals(List.of("for the app"), bodies(Api.application(KEY_ONE), appOnly));
  }

  @Test
  void aUserMayNeitherPostNorManageQueuesEvenWhenListed() throws Exception {
    String queue = createQueue("user-no-post", "bid:" + ANN);
    String token = bearer(annToken());
    Api.assertDenied(post(token, queue, "from ann"));
    Api.assertDenied(call("GET", "v1/" + APP_ONE, token, Map.of(), null));
    Api.assertDenied(
        call(
            "POST",
            "v1/" + APP_ONE,
            token,
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "queue_name=" + Api.uniqueName("by-ann")));
    Api.assertDenied(
        call(
            "PUT",
            "v1/" + APP_ONE + "/" + queue,
            token,
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "principles=bid:mallory@example.com"));
    Api.assertDenied(call("DELETE", "v1/" + APP_ONE + "/" + queue, token, Map.of(), null));
    assertEquals(List.of(), bodies(token, queue), "nothing was posted, the queue is still Ann's");
  }

  @Test
  void aSubjectPrincipleGrantsTheUserOfThatIssuerOnly() throws Exception {
    String queue = createQueue("by-subject", "oidc:main:ann-123");
    postOk(queue, "for main's ann-123");
    assertEquals(
        List.of("for main's ann-123"),
        bodies(
            bearer(Issuers.sign(MAIN_RSA, Issuers.claims(MAIN_ISS, AUD, "ann-123").build())),
            queue));
    Api.assertDenied(
        read(
            bearer(Issuers.sign(MAIN_RSA, Issuers.claims(MAIN_ISS, AUD, "bob-456").build())),
            queue));
    Api.assertDenied(
        read(
            bearer(Issuers.sign(OTHER_RSA, Issuers.claims(OTHER_ISS, AUD, "ann-123").build())),
            queue));
  }

  @Test
  void anUnverifiedEmailGivesNoEmailPrincipal() throws Exception {
    String byEmail = createQueue("unverified", "bid:" + ANN);
    String bySubject = createQueue("unverified-sub", "oidc:main:ann-123");
    String token = bearer(Issuers.sign(MAIN_RSA, ann().claim("email_verified", false).build()));
    Api.assertDenied(read(token, byEmail));
    assertEquals(200, read(token, bySubject).status());
    String withoutFlag =
        bearer(
            Issuers.sign(MAIN_RSA, Issuers.claims(MAIN_ISS, AUD, "x").claim("email", ANN).build()));
    Api.assertDenied(read(withoutFlag, byEmail));
  }

  @Test
  void theEmailClaimAndTheVerificationRuleAreConfigurablePerIssuer() throws Exception {
    String queue = createQueue("mail-claim", "bid:carol@example.org");
    postOk(queue, "for carol");
    String token =
        Issuers.sign(
            OTHER_RSA,
            Issuers.claims(OTHER_ISS, AUD, "carol").claim("mail", "Carol@Example.org").build());
    assertEquals(List.of("for carol"), bodies(bearer(token), queue));
  }

  @Test
  void aKeyAndATokenInOneHeaderAreBothApplied() throws Exception {
    String queue = createQueue("combined", "bid:" + ANN);
    String token = annToken();
    for (String header :
        List.of(
            Api.application(KEY_ONE) + "; " + bearer(token),
            bearer(token) + ";Application " + KEY_ONE,
            "application " + KEY_ONE + "; BEARER " + token,
            "Application " + KEY_ONE + "; BrowserID " + token,
            "APPLICATION " + KEY_ONE + ";browserid " + token)) {
      assertEquals(201, post(header, queue, "posted").status(), header);
      assertFalse(bodies(header, queue).isEmpty(), header);
    }
    assertEquals(5, bodies(bearer(token), queue).size());
  }

  @Test
  void aTokenNeverMakesTheCallerAnApplication() throws Exception {
    // A token whose subject and e-mail look like an application: still no app principal.
    String queue = createQueue("not-an-app", null);
    String token =
        bearer(
            Issuers.sign(
                MAIN_RSA,
                Issuers.claims(MAIN_ISS, AUD, "app:" + APP_ONE)
                    .claim("email", "app-one@example.com")
                    .claim("email_verified", true)
                    .build()));
    Api.assertDenied(read(token, queue));
    Api.assertDenied(post(token, queue, "x"));
  }

  // --- rejections --------------------------------------------------------------------------

  /** Each rejected token, on a post that the key alone would allow: nothing is stored. */
  private static void assertRejected(String queue, String token, String check) throws Exception {
    var answer = post(Api.application(KEY_ONE) + "; Bearer " + token, queue, "must not be stored");
    assertInvalidToken(answer, token, check);
    var alone = read(bearer(token), queue);
    assertInvalidToken(alone, token, check);
  }

  @Test
  void everyFailedCheckIsA401NamingItAndNothingIsDone() throws Exception {
    String queue = createQueue("rejections", "bid:" + ANN + ",app:" + APP_ONE);
    Instant now = Instant.now();

    assertRejected(queue, "not-a-jwt", "malformed");
    assertRejected(queue, "eyJhbGciOi.e30.c2ln", "malformed");
    assertRejected(queue, "a b", "malformed");

    PlainJWT unsigned = new PlainJWT(ann().build());
    assertRejected(queue, unsigned.serialize(), "algorithm not allowed");

    // HS256 with the issuer's public key as the secret: the classic algorithm confusion.
    var hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(MAIN_RSA.getKeyID()).build(),
            ann().build());
    hmac.sign(new MACSigner(MAIN_RSA.toRSAPublicKey().getEncoded()));
    assertRejected(queue, hmac.serialize(), "algorithm not allowed");

    // RS384 is not on the main issuer's list (RS256, ES256).
    var rs384 =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(MAIN_RSA.getKeyID()).build(),
            ann().build());
    rs384.sign(new RSASSASigner(MAIN_RSA));
    assertRejected(queue, rs384.serialize(), "algorithm not allowed");

    assertRejected(
        queue,
        Issuers.sign(MAIN_RSA, ann().issuer("https://issuer.test/unknown").build()),
        "unknown issuer");
    assertRejected(queue, Issuers.sign(MAIN_RSA, ann().issuer(null).build()), "missing claim: iss");

    // Signed by another trusted issuer's key: that key is not the main issuer's.
    assertRejected(queue, Issuers.sign(OTHER_RSA, ann().build()), "unknown key");
    // The right key id, the wrong key.
    assertRejected(
        queue, Issuers.sign(Issuers.rsa(MAIN_RSA.getKeyID()), ann().build()), "bad signature");
    // A tampered payload.
    String[] parts = annToken().split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64URL.encode(ann().subject("someone-else").build().toString()).toString()
            + "."
            + parts[2];
    assertRejected(queue, tampered, "bad signature");

    assertRejected(
        queue,
        Issuers.sign(MAIN_RSA, ann().expirationTime(Date.from(now.minusSeconds(90))).build()),
        "expired");
    assertRejected(
        queue, Issuers.sign(MAIN_RSA, ann().expirationTime(null).build()), "missing claim: exp");
    assertRejected(
        queue,
        Issuers.sign(MAIN_RSA, ann().notBeforeTime(Date.from(now.plusSeconds(120))).build()),
        "not yet valid");
    assertRejected(
        queue,
        Issuers.sign(MAIN_RSA, ann().issueTime(Date.from(now.plusSeconds(120))).build()),
        "not yet valid");
    assertRejected(
        queue, Issuers.sign(MAIN_RSA, ann().audience("someone-else").build()), "wrong audience");
    assertRejected(
        queue, Issuers.sign(MAIN_RSA, ann().audience((String) null).build()), "missing claim: aud");
    assertRejected(
        queue, Issuers.sign(MAIN_RSA, ann().subject(null).build()), "missing claim: sub");

    assertRejected(
        queue,
        Issuers.sign(MAIN_RSA, ann().build(), h -> h.type(new JOSEObjectType("secevent+jwt"))),
        "type not accepted");
    assertRejected(
        queue,
        Issuers.sign(
            MAIN_RSA,
            ann().build(),
            h -> h.criticalParams(Set.of("queuey-unknown")).customParam("queuey-unknown", 1)),
        "critical");

    assertEquals(List.of(), bodies(Api.application(KEY_ONE), queue), "nothing was stored");
  }

  @Test
  void keysNamedByTheTokenAreNeverFetched() throws Exception {
    String queue = createQueue("jku", "bid:" + ANN);
    String viaJku =
        Issuers.sign(EVIL, ann().build(), h -> h.jwkURL(URI.create(issuers.uri("/evil/jwks"))));
    assertRejected(queue, viaJku, "unknown key");
    String viaX5u =
        Issuers.sign(EVIL, ann().build(), h -> h.x509CertURL(URI.create(issuers.uri("/evil/x5u"))));
    assertRejected(queue, viaX5u, "unknown key");
    String embedded = Issuers.sign(EVIL, ann().build(), h -> h.jwk(EVIL.toPublicJWK()));
    assertRejected(queue, embedded, "unknown key");
    assertEquals(0, issuers.fetches("/evil/jwks"), "the jku was not followed");
    assertEquals(0, issuers.fetches("/evil/x5u"), "the x5u was not followed");
  }

  @Test
  void expiryAndNotBeforeAreCheckedWithTheClockSkew() throws Exception {
    String queue = createQueue("skew", "bid:" + ANN);
    postOk(queue, "in time");
    Instant now = Instant.now();
    // The skew is 60 s: 30 s past exp is still inside, 90 s past is outside.
    String inside =
        Issuers.sign(MAIN_RSA, ann().expirationTime(Date.from(now.minusSeconds(30))).build());
    assertEquals(List.of("in time"), bodies(bearer(inside), queue));
    String outside =
        Issuers.sign(MAIN_RSA, ann().expirationTime(Date.from(now.minusSeconds(90))).build());
    assertInvalidToken(read(bearer(outside), queue), outside, "expired");
    String soon =
        Issuers.sign(MAIN_RSA, ann().notBeforeTime(Date.from(now.plusSeconds(30))).build());
    assertEquals(List.of("in time"), bodies(bearer(soon), queue));
    String later =
        Issuers.sign(MAIN_RSA, ann().notBeforeTime(Date.from(now.plusSeconds(90))).build());
    assertInvalidToken(read(bearer(later), queue), later, "not yet valid");
  }

  @Test
  void typAbsentJwtOrAccessTokenIsAccepted() throws Exception {
    String queue = createQueue("typ", "bid:" + ANN);
    for (JOSEObjectType type :
        new JOSEObjectType[] {
          null,
          JOSEObjectType.JWT,
          new JOSEObjectType("at+jwt"),
          new JOSEObjectType("application/at+jwt")
        }) {
      String token = Issuers.sign(MAIN_RSA, ann().build(), h -> h.type(type));
      assertEquals(200, read(bearer(token), queue).status(), () -> "typ " + type);
    }
  }

  @Test
  void aTokenOfExactlyTheLimitIsAcceptedAndOneCharacterMoreIsNot() throws Exception {
    String queue = createQueue("size", "bid:" + ANN);
    int limit = 8192;
    String exact = tokenOfLength(limit);
    assertEquals(limit, exact.length());
    assertEquals(200, read(bearer(exact), queue).status(), "a token of exactly the limit");
    String over = tokenOfLength(limit + 1);
    assertEquals(limit + 1, over.length());
    assertInvalidToken(read(bearer(over), queue), over, "too large");
  }

  /** A valid token of exactly {@code length} characters, padded with claims. */
  private static String tokenOfLength(int length) {
    var claims = ann().build();
    for (int pad = length * 3 / 4 - 800; pad < length; pad++) {
      for (int extra = 0; extra < 4; extra++) {
        var padded =
            new JWTClaimsSet.Builder(claims)
                .claim("pad", "p".repeat(pad))
                .claim("x", "y".repeat(extra))
                .build();
        String token = Issuers.sign(MAIN_RSA, padded);
        if (token.length() == length) {
          return token;
        }
        if (extra == 0 && token.length() > length) {
          throw new IllegalStateException("no token of length " + length);
        }
      }
    }
    throw new IllegalStateException("no token of length " + length);
  }

  @Test
  void twoTokensInOneHeaderAreA401() throws Exception {
    String queue = createQueue("two-tokens", "bid:" + ANN);
    String token = annToken();
    assertInvalidToken(
        read("Bearer " + token + "; BrowserID " + token, queue), token, "more than one");
    assertInvalidToken(
        read("Bearer " + token + "; Bearer " + token, queue), token, "more than one");
    assertInvalidToken(read("Bearer", queue), null, "malformed");
  }

  // --- keys: rotation, rate limits, outages --------------------------------------------------

  @Test
  void aRotatedKeyIsPickedUpAndRemovedKeysStopWorkingForNewTokens() throws Exception {
    String queue = createQueue("rotation", "bid:" + ANN);
    String before = annToken();
    assertEquals(200, read(bearer(before), queue).status());
    int fetches = issuers.fetches("/main/jwks");

    issuers.serveKeys("/main/jwks", MAIN_NEXT, MAIN_EC);
    Thread.sleep(1_200); // past jwks-refresh-min-seconds (1 s) since the last fetch
    String rotated = Issuers.sign(MAIN_NEXT, ann().build());
    assertEquals(200, read(bearer(rotated), queue).status(), "the new kid is fetched");
    assertEquals(fetches + 1, issuers.fetches("/main/jwks"), "one fetch for the new kid");

    // A token already checked is remembered until it expires; a new one with the old key is not.
    assertEquals(200, read(bearer(before), queue).status(), "remembered, not checked again");
    Thread.sleep(1_200);
    assertInvalidToken(read(bearer(annToken()), queue), null, "unknown key");

    // Back to the usual keys, for the other tests.
    issuers.serveKeys("/main/jwks", MAIN_RSA, MAIN_NEXT, MAIN_EC);
    Thread.sleep(1_200);
    assertEquals(200, read(bearer(annToken()), queue).status());
  }

  @Test
  void aFloodOfUnknownKeyIdsCausesNoMoreFetchesThanTheRefreshIntervalAllows() throws Exception {
    String queue = createQueue("flood", "oidc:other:flooded");
    String valid = Issuers.sign(OTHER_RSA, Issuers.claims(OTHER_ISS, AUD, "flooded").build());
    assertEquals(200, read(bearer(valid), queue).status());
    int fetches = issuers.fetches("/other/jwks");
    assertEquals(1, fetches, "fetched once, on first need");
    for (int i = 0; i < 40; i++) {
      RSAKey unknown = new RSAKey.Builder(OTHER_RSA).keyID("made-up-" + i).build();
      String token = Issuers.sign(unknown, Issuers.claims(OTHER_ISS, AUD, "flooded").build());
      assertInvalidToken(read(bearer(token), queue), token, "unknown key");
    }
    // jwks-refresh-min-seconds is 3600 for this issuer: not one more fetch.
    assertEquals(fetches, issuers.fetches("/other/jwks"));
  }

  @Test
  void anIssuerOutageIsServedFromTheKeysAlreadyFetched() throws Exception {
    String queue = createQueue("outage", "oidc:disc:dora");
    postOk(queue, "kept");
    String first = Issuers.sign(DISC_RSA, Issuers.claims(DISC_ISS, AUD, "dora").build());
    assertEquals(List.of("kept"), bodies(bearer(first), queue));
    assertEquals(1, issuers.fetches("/disc/.well-known/openid-configuration"), "discovery once");
    assertEquals(1, issuers.fetches("/disc/jwks"));

    issuers.serve("/disc/jwks", 500, "{}");
    issuers.serve("/disc/.well-known/openid-configuration", 500, "{}");
    String fresh = Issuers.sign(DISC_RSA, Issuers.claims(DISC_ISS, AUD, "dora").build());
    assertEquals(List.of("kept"), bodies(bearer(fresh), queue), "a new token, the cached key");
    Thread.sleep(1_200);
    RSAKey unknown = new RSAKey.Builder(DISC_RSA).keyID("disc-new").build();
    String newKid = Issuers.sign(unknown, Issuers.claims(DISC_ISS, AUD, "dora").build());
    assertInvalidToken(read(bearer(newKid), queue), newKid, "unknown key");
    String again = Issuers.sign(DISC_RSA, Issuers.claims(DISC_ISS, AUD, "dora").build());
    assertEquals(
        List.of("kept"), bodies(bearer(again), queue), "the keys survived the failed fetch");
  }

  @Test
  void withoutCachedKeysAnUnreachableIssuerIsA503UntilItIsBack() throws Exception {
    String queue = createQueue("late", "oidc:late:lou,oidc:down:dan");
    postOk(queue, "waiting");
    String down = Issuers.sign(DOWN_RSA, Issuers.claims(DOWN_ISS, AUD, "dan").build());
    var unreachable = read(bearer(down), queue);
    Api.assertError(unreachable, 503, "auth");
    assertNotNull(unreachable.header("Retry-After"), unreachable::toString);
    assertFalse(unreachable.body().contains(down));

    String late = Issuers.sign(LATE_RSA, Issuers.claims(LATE_ISS, AUD, "lou").build());
    var failing = read(bearer(late), queue);
    Api.assertError(failing, 503, "auth");
    assertNotNull(failing.header("Retry-After"));
    var withKey = post(Api.application(KEY_ONE) + "; Bearer " + late, queue, "must not be stored");
    Api.assertError(withKey, 503, "auth");

    issuers.serveKeys("/late/jwks", LATE_RSA);
    Thread.sleep(1_200); // past the retry interval of an issuer without keys (1 s here)
    assertEquals(List.of("waiting"), bodies(bearer(late), queue), "the issuer is back");
  }

  // --- CORS and the library in use -----------------------------------------------------------

  private static Set<String> values(Api.Answer answer, String header) {
    String value = answer.header(header);
    assertNotNull(value, () -> header + " is present: " + answer.raw().headers().map());
    return Stream.of(value.split(","))
        .map(entry -> entry.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  @Test
  void browsersMaySendTheTokenAndReadTheChallenge() throws Exception {
    String queue = createQueue("cors-token", "bid:" + ANN);
    var preflight =
        call(
            "OPTIONS",
            "v1/" + APP_ONE + "/" + queue,
            null,
            Map.of(
                "Origin", "https://page.example.com",
                "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "authorization"),
            null);
    assertTrue(preflight.status() / 100 == 2, preflight::toString);
    assertTrue(values(preflight, "Access-Control-Allow-Headers").contains("authorization"));
    var rejected =
        call(
            "GET",
            "v1/" + APP_ONE + "/" + queue,
            "Bearer not-a-jwt",
            Map.of("Origin", "https://page.example.com"),
            null);
    assertEquals(401, rejected.status());
    assertNotNull(rejected.header("Access-Control-Allow-Origin"));
    assertTrue(values(rejected, "Access-Control-Expose-Headers").contains("www-authenticate"));
  }

  @Test
  void theWarsOwnJoseLibraryIsTheOneLoaded() throws Exception {
    String line =
        Files.readAllLines(server.log()).stream()
            .filter(l -> l.contains("JOSE library"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no JOSE library line in " + server.log()));
    assertTrue(
        line.contains("io.queuey.internal.nimbus.jwt.SignedJWT from "),
        () -> "the relocated copy: " + line);
    assertTrue(line.contains("WEB-INF/classes"), () -> "loaded from the WAR: " + line);
    assertTrue(line.contains("main, other, disc, late, down"), line);
  }
}
