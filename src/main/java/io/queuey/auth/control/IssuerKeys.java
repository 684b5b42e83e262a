package io.queuey.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.queuey.auth.entity.IssuerSettings;
import io.queuey.errors.AuthUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signing keys of one issuer: fetched on first need, then kept. They are fetched again only
 * when a token names a key that is not among them (the issuer rotated its keys), and then at most
 * once per {@code jwks-refresh-min-seconds}, so a flood of made-up key ids costs no more fetches. A
 * failed fetch keeps the keys already had: an outage of the issuer does not lock users out. Keys
 * are only ever taken from the configured JWKS (or discovery) URI, never from a token.
 */
final class IssuerKeys {

  private static final Logger LOG = Logger.getLogger(IssuerKeys.class.getName());

  /**
   * Without any keys, a failed fetch is retried this often at most, even if refresh-min is more.
   */
  static final Duration RETRY_WITHOUT_KEYS =
      Duration.ofSeconds(AuthUnavailable.RETRY_AFTER_SECONDS);

  /** A usable public key with its verifier, built once per fetch. */
  record Key(JWK jwk, JWSVerifier verifier) {}

  private final IssuerSettings settings;
  private final KeySource source;
  private final Clock clock;
  private final Object fetching = new Object();

  /** Null until a fetch succeeded. */
  private volatile List<Key> keys;

  private volatile URI jwksUri;
  private volatile Instant lastAttempt;

  IssuerKeys(IssuerSettings settings, KeySource source, Clock clock) {
    this.settings = settings;
    this.source = source;
    this.clock = clock;
    this.jwksUri = settings.jwksUri().orElse(null);
  }

  /**
   * The keys that may have signed a token with this header (by key id, if it names one, and key
   * type), fetching them if none are known yet or the key id is new. Empty if no key fits.
   *
   * @throws AuthUnavailable when no keys could ever be fetched
   */
  List<Key> candidates(JWSHeader header) {
    List<Key> known = keys;
    if (known == null) {
      fetchIfDue(
          RETRY_WITHOUT_KEYS.compareTo(settings.refreshMin()) < 0
              ? RETRY_WITHOUT_KEYS
              : settings.refreshMin());
      known = keys;
      if (known == null) {
        throw new AuthUnavailable(
            "The keys of the issuer '" + settings.name() + "' cannot be fetched; try again.");
      }
    }
    List<Key> matching = matching(known, header);
    if (matching.isEmpty()) {
      fetchIfDue(settings.refreshMin());
      matching = matching(keys, header);
    }
    return matching;
  }

  private static List<Key> matching(List<Key> keys, JWSHeader header) {
    KeyType type = KeyType.forAlgorithm(header.getAlgorithm());
    String kid = header.getKeyID();
    var matching = new ArrayList<Key>(1);
    for (Key key : keys) {
      JWK jwk = key.jwk();
      if (jwk.getKeyType().equals(type)
          && (kid == null || kid.equals(jwk.getKeyID()))
          && (jwk.getAlgorithm() == null || jwk.getAlgorithm().equals(header.getAlgorithm()))) {
        matching.add(key);
      }
    }
    return matching;
  }

  /** Fetches unless another fetch was tried less than {@code interval} ago; one at a time. */
  private void fetchIfDue(Duration interval) {
    synchronized (fetching) {
      Instant now = clock.instant();
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(interval))) {
        return;
      }
      lastAttempt = now;
      try {
        keys = usable(JWKSet.parse(source.fetch(jwksUri())));
        LOG.info(
            () ->
                "Fetched " + keys.size() + " signing keys of the issuer '" + settings.name() + "'");
      } catch (IOException | ParseException | RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cannot fetch the keys of the issuer '"
                + settings.name()
                + "'"
                + (keys == null ? "; its tokens cannot be checked" : "; keeping the keys it had")
                + ": "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
  }

  /** The JWKS URI, from the discovery document the first time if that is what is configured. */
  private URI jwksUri() throws IOException, ParseException {
    URI known = jwksUri;
    if (known != null) {
      return known;
    }
    URI discovery = settings.discoveryUri().orElseThrow();
    Map<String, Object> document = JSONObjectUtils.parse(source.fetch(discovery));
    String issuer = JSONObjectUtils.getString(document, "issuer");
    if (issuer != null && !settings.issuers().contains(issuer)) {
      LOG.warning(
          () ->
              "The discovery document of '"
                  + settings.name()
                  + "' names the issuer '"
                  + issuer
                  + "', which is not configured as one of its 'issuer' values");
    }
    String text = JSONObjectUtils.getString(document, "jwks_uri");
    if (text == null) {
      throw new IOException(discovery + " names no jwks_uri");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IOException(discovery + " names a jwks_uri that is not a URI");
    }
    if (!TrustedIssuers.isFetchable(uri, settings.allowInsecureHttp())) {
      throw new IOException(discovery + " names a jwks_uri that is not https: " + uri);
    }
    jwksUri = uri;
    return uri;
  }

  /** The public RSA and EC signing keys of the set, each with its verifier. */
  private static List<Key> usable(JWKSet set) {
    var usable = new ArrayList<Key>();
    for (JWK jwk : set.toPublicJWKSet().getKeys()) {
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        continue;
      }
      try {
        if (jwk instanceof RSAKey rsa) {
          usable.add(new Key(jwk, new RSASSAVerifier(rsa)));
        } else if (jwk instanceof ECKey ec) {
          usable.add(new Key(jwk, new ECDSAVerifier(ec)));
        }
      } catch (JOSEException unusable) {
        LOG.fine(() -> "Skipping the unusable key " + Objects.toString(jwk.getKeyID()));
      }
    }
    return List.copyOf(usable);
  }
}
