package io.queuey.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Identity providers for the tests: keys generated here, tokens signed here, and their JWKS (and
 * discovery documents) served by a small local HTTP server that counts every fetch.
 */
final class Issuers implements AutoCloseable {

  /** What a path answers: a status and a body. */
  record Document(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

  Issuers() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          fetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          Document document = documents.getOrDefault(path, new Document(404, "{}"));
          byte[] body = document.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(document.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String uri(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void serve(String path, int status, String body) {
    documents.put(path, new Document(status, body));
  }

  /** Serves the public parts of these keys as a JWKS at {@code path}. */
  void serveKeys(String path, JWK... keys) {
    serve(path, 200, new JWKSet(List.of(keys)).toPublicJWKSet().toString());
  }

  int fetches(String path) {
    AtomicInteger count = fetches.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Valid claims of {@code iss} for {@code aud}: 10 minutes to live, a unique {@code jti}. */
  static JWTClaimsSet.Builder claims(String iss, String aud, String sub) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(iss)
        .audience(aud)
        .subject(sub)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Signs the claims with the key, RS256 or ES256 by its type, the header adjusted as given. */
  static String sign(JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
    try {
      JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
      var builder = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
      header.accept(builder);
      JWSHeader built = builder.build();
      JWSSigner signer =
          key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      var jwt = new SignedJWT(built, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWK key, JWTClaimsSet claims) {
    return sign(key, claims, header -> {});
  }
}
