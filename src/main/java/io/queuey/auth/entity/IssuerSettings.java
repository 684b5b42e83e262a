package io.queuey.auth.entity;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One trusted issuer of tokens, as configured ({@code queuey.auth.issuer.NAME.*}, see README).
 * Built only by the startup validation, so every instance is a usable one.
 *
 * @param name the configured name, as in {@code oidc:NAME:SUB}
 * @param issuers the exact {@code iss} values it signs with (aliases included)
 * @param jwksUri where its keys are, unless they are found through {@code discoveryUri}
 * @param discoveryUri its OpenID discovery document, which names {@code jwks_uri}
 * @param audiences a token's {@code aud} must contain one of these
 * @param algorithms the JWS algorithms accepted, e.g. {@code RS256}
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}
 * @param emailClaim the claim holding the user's e-mail address
 * @param requireEmailVerified whether {@code email_verified} must be true for a {@code bid:}
 * @param refreshMin the shortest time between two fetches of its keys
 * @param allowInsecureHttp whether plain-HTTP URIs are allowed (tests, loopback)
 */
public record IssuerSettings(
    String name,
    Set<String> issuers,
    Optional<URI> jwksUri,
    Optional<URI> discoveryUri,
    Set<String> audiences,
    Set<String> algorithms,
    Duration clockSkew,
    String emailClaim,
    boolean requireEmailVerified,
    Duration refreshMin,
    boolean allowInsecureHttp) {

  public IssuerSettings {
    issuers = Set.copyOf(issuers);
    audiences = Set.copyOf(audiences);
    algorithms = Set.copyOf(algorithms);
  }
}
