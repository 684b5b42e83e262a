package io.queuey.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.queuey.auth.entity.IssuerSettings;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidToken;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks signed tokens (JWTs) of the trusted issuers and answers the principals they prove. The
 * cryptography is Nimbus JOSE+JWT's; the rules are API.md's. A token that passed is remembered by
 * its SHA-256 digest until it expires, so a browser polling a queue costs one signature check, not
 * one per request. Never logs a token.
 */
@ApplicationScoped
public class TokenVerifier {

  private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());

  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
  private static final JOSEObjectType ACCESS_TOKEN_MEDIA = new JOSEObjectType("application/at+jwt");

  /** A token that passed: what it proves, and until when. */
  private record Verified(Set<Principal> principals, Instant validUntil) {}

  private record Issuer(IssuerSettings settings, IssuerKeys keys) {}

  @Inject
  @ConfigProperty(name = "queuey.auth.issuers", defaultValue = " ")
  String issuerNames;

  @Inject
  @ConfigProperty(name = "queuey.auth.max-token-bytes", defaultValue = "8192")
  int maxTokenBytes;

  @Inject
  @ConfigProperty(name = "queuey.auth.token-cache-size", defaultValue = "10000")
  int cacheSize;

  @Inject Config config;

  @Inject KeySource source;

  private Clock clock = Clock.systemUTC();
  private Map<String, Issuer> byIss = Map.of();
  private List<String> names = List.of();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
          });

  public TokenVerifier() {}

  /** For tests without a container. */
  public TokenVerifier(
      List<IssuerSettings> issuers, KeySource source, Clock clock, int maxTokenBytes, int size) {
    this.source = source;
    this.clock = clock;
    this.maxTokenBytes = maxTokenBytes;
    this.cacheSize = size;
    configure(issuers);
  }

  @PostConstruct
  void loadFromConfig() {
    configure(
        TrustedIssuers.parse(issuerNames, name -> config.getOptionalValue(name, String.class)));
    LOG.info(
        () ->
            "Trusted token issuers: "
                + names
                + "; JOSE library "
                + SignedJWT.class.getName()
                + " from "
                + SignedJWT.class.getProtectionDomain().getCodeSource().getLocation());
  }

  /** The issuers are checked as the WAR deploys: a bad one fails the deployment, not a request. */
  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    LOG.fine(() -> byIss.size() + " issuer values trusted");
  }

  private void configure(List<IssuerSettings> issuers) {
    var map = new HashMap<String, Issuer>();
    for (IssuerSettings settings : issuers) {
      var issuer = new Issuer(settings, new IssuerKeys(settings, source, clock));
      settings.issuers().forEach(iss -> map.put(iss, issuer));
    }
    byIss = Map.copyOf(map);
    names = issuers.stream().map(IssuerSettings::name).toList();
  }

  /**
   * The principals the token proves: {@code oidc:NAME:SUB}, and {@code bid:EMAIL} when the issuer
   * vouches for the address.
   *
   * @throws InvalidToken naming the check that failed
   * @throws io.queuey.errors.AuthUnavailable when the issuer's keys cannot be had
   */
  public Set<Principal> verify(String token) {
    if (token.length() > maxTokenBytes) {
      throw new InvalidToken("too large: a token may have at most " + maxTokenBytes + " bytes");
    }
    if (!isCompactSerialization(token)) {
      throw new InvalidToken("malformed: not a JWT in compact serialization");
    }
    String digest = digest(token);
    Instant now = clock.instant();
    Verified known = verified.get(digest);
    if (known != null) {
      if (now.isBefore(known.validUntil())) {
        return known.principals();
      }
      verified.remove(digest);
    }
    Verified fresh = check(token, now);
    remember(digest, fresh, now);
    return fresh.principals();
  }

  private Verified check(String token, Instant now) {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new InvalidToken("malformed: not a JWT");
    }
    if (parsed instanceof PlainJWT) {
      throw new InvalidToken("algorithm not allowed: the token is not signed (alg none)");
    }
    if (parsed instanceof EncryptedJWT || !(parsed instanceof SignedJWT jwt)) {
      throw new InvalidToken("malformed: encrypted tokens are not accepted");
    }
    JWSHeader header = jwt.getHeader();
    JOSEObjectType type = header.getType();
    if (type != null
        && !JOSEObjectType.JWT.equals(type)
        && !ACCESS_TOKEN.equals(type)
        && !ACCESS_TOKEN_MEDIA.equals(type)
        && !"jwt".equalsIgnoreCase(type.getType())
        && !"at+jwt".equalsIgnoreCase(type.getType())) {
      throw new InvalidToken("type not accepted: typ must be JWT or at+jwt");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw new InvalidToken("critical header not understood: " + header.getCriticalParams());
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidToken("malformed: the claims are not a JSON object");
    }
    String iss = claims.getIssuer();
    if (iss == null) {
      throw new InvalidToken("missing claim: iss");
    }
    Issuer issuer = byIss.get(iss);
    if (issuer == null) {
      throw new InvalidToken("unknown issuer: iss is not a trusted issuer");
    }
    IssuerSettings settings = issuer.settings();
    if (!settings.algorithms().contains(header.getAlgorithm().getName())) {
      throw new InvalidToken(
          "algorithm not allowed: "
              + header.getAlgorithm().getName()
              + " is not accepted from this issuer");
    }
    List<IssuerKeys.Key> candidates = issuer.keys().candidates(header);
    if (candidates.isEmpty()) {
      throw new InvalidToken("unknown key: no key of the issuer matches the token's kid");
    }
    if (!signedByOneOf(jwt, candidates)) {
      throw new InvalidToken("bad signature");
    }
    return principals(settings, claims, now);
  }

  private static boolean signedByOneOf(SignedJWT jwt, List<IssuerKeys.Key> candidates) {
    for (IssuerKeys.Key key : candidates) {
      try {
        if (jwt.verify(key.verifier())) {
          return true;
        }
      } catch (JOSEException | IllegalStateException wrongKind) {
        // an algorithm this key cannot check (e.g. ES384 with a P-256 key): not this one
      }
    }
    return false;
  }

  private static Verified principals(IssuerSettings settings, JWTClaimsSet claims, Instant now) {
    long skew = settings.clockSkew().toSeconds();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new InvalidToken("missing claim: exp");
    }
    Instant validUntil = exp.toInstant().plusSeconds(skew);
    if (!now.isBefore(validUntil)) {
      throw new InvalidToken("expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plusSeconds(skew).isBefore(nbf.toInstant())) {
      throw new InvalidToken("not yet valid: nbf is in the future");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.plusSeconds(skew).isBefore(iat.toInstant())) {
      throw new InvalidToken("not yet valid: iat is in the future");
    }
    List<String> audiences = claims.getAudience();
    if (audiences == null || audiences.isEmpty()) {
      throw new InvalidToken("missing claim: aud");
    }
    if (audiences.stream().noneMatch(settings.audiences()::contains)) {
      throw new InvalidToken("wrong audience: aud names none of this deployment's audiences");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isEmpty()) {
      throw new InvalidToken("missing claim: sub");
    }
    if (!Principal.isValidSubject(subject)) {
      throw new InvalidToken("sub is not usable: 1 to 255 visible ASCII characters without ','");
    }
    Set<Principal> principals = new LinkedHashSet<>();
    principals.add(Principal.subject(settings.name(), subject));
    Object email = claims.getClaim(settings.emailClaim());
    if (email instanceof String address && (!settings.requireEmailVerified() || verified(claims))) {
      String lower = address.trim().toLowerCase(Locale.ROOT);
      if (Principal.isValidEmail(lower)) {
        principals.add(Principal.user(lower));
      }
    }
    return new Verified(Set.copyOf(principals), validUntil);
  }

  /** {@code email_verified}: a boolean, or the string "true" some providers send. */
  private static boolean verified(JWTClaimsSet claims) {
    Object value = claims.getClaim("email_verified");
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }

  /** Three base64url parts separated by dots (a JWE has five, told apart by the parser). */
  private static boolean isCompactSerialization(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!allowed) {
        return false;
      }
    }
    return token.indexOf('.') > 0;
  }

  /** Bounded: past the limit, expired entries go first, then arbitrary ones. */
  private void remember(String digest, Verified token, Instant now) {
    if (verified.size() >= cacheSize) {
      verified.values().removeIf(entry -> !now.isBefore(entry.validUntil()));
      Iterator<String> oldest = verified.keySet().iterator();
      while (verified.size() >= cacheSize && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
    verified.put(digest, token);
  }

  /** How many verified tokens are remembered (for tests). */
  int remembered() {
    return verified.size();
  }

  private static String digest(String token) {
    MessageDigest sha = SHA_256.get();
    sha.reset();
    return Base64.getEncoder()
        .encodeToString(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }
}
