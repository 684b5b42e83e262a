package io.queuey.auth.control;

import io.queuey.auth.entity.IssuerSettings;
import io.queuey.auth.entity.Principal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks the trusted issuers of {@code queuey.auth.issuers}. A mistake here would let
 * forged tokens in or keep every user out, so any doubt fails the deployment with a message that
 * names the property.
 */
public final class TrustedIssuers {

  /** Asymmetric JWS algorithms only: HMAC would need a secret shared with the issuer. */
  static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  static final String PREFIX = "queuey.auth.issuer.";

  private TrustedIssuers() {}

  /** A configuration that cannot be run; the message names the property. */
  public static final class InvalidConfiguration extends RuntimeException {
    InvalidConfiguration(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The issuers named in {@code names} (comma-separated), each read from {@code property} (a
   * property name to its value, if set).
   */
  public static List<IssuerSettings> parse(
      String names, Function<String, Optional<String>> property) {
    var issuers = new ArrayList<IssuerSettings>();
    Map<String, String> nameByIss = new LinkedHashMap<>();
    for (String name : list(names)) {
      if (!Principal.isApplicationName(name)) {
        throw new InvalidConfiguration(
            "queuey.auth.issuers: '"
                + name
                + "' is not a valid issuer name (letters, digits, '_', '-', '.')");
      }
      IssuerSettings issuer = parseOne(name, key -> property.apply(PREFIX + name + "." + key));
      for (String iss : issuer.issuers()) {
        String other = nameByIss.putIfAbsent(iss, name);
        if (other != null) {
          throw new InvalidConfiguration(
              PREFIX + name + ".issuer: '" + iss + "' is already the issuer of '" + other + "'");
        }
      }
      issuers.add(issuer);
    }
    return List.copyOf(issuers);
  }

  private static IssuerSettings parseOne(String name, Function<String, Optional<String>> property) {
    String at = PREFIX + name + ".";
    Set<String> iss = set(property.apply("issuer").orElse(""));
    if (iss.isEmpty()) {
      throw new InvalidConfiguration(at + "issuer is required: the exact 'iss' of its tokens");
    }
    Set<String> audiences = set(property.apply("audiences").orElse(""));
    if (audiences.isEmpty()) {
      throw new InvalidConfiguration(
          at + "audiences is required: the 'aud' values meant for this deployment");
    }
    Set<String> algorithms = new LinkedHashSet<>();
    for (String algorithm : set(property.apply("algorithms").orElse("RS256,ES256"))) {
      String upper = algorithm.toUpperCase(Locale.ROOT);
      if (upper.equals("NONE")) {
        throw new InvalidConfiguration(at + "algorithms: 'none' means unsigned tokens; refused");
      }
      if (upper.startsWith("HS")) {
        throw new InvalidConfiguration(
            at + "algorithms: " + algorithm + " is HMAC (a shared secret); only RSA and EC");
      }
      if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
        throw new InvalidConfiguration(
            at
                + "algorithms: '"
                + algorithm
                + "' is not one of "
                + String.join(", ", SUPPORTED_ALGORITHMS.stream().sorted().toList()));
      }
      algorithms.add(algorithm);
    }
    if (algorithms.isEmpty()) {
      throw new InvalidConfiguration(at + "algorithms: at least one is needed");
    }
    boolean insecure = bool(at + "allow-insecure-http", property.apply("allow-insecure-http"));
    Optional<URI> jwks = uri(at + "jwks-uri", property.apply("jwks-uri"), insecure);
    Optional<URI> discovery = uri(at + "discovery-uri", property.apply("discovery-uri"), insecure);
    if (jwks.isEmpty() && discovery.isEmpty()) {
      throw new InvalidConfiguration(at + "jwks-uri or " + at + "discovery-uri is required");
    }
    return new IssuerSettings(
        name,
        iss,
        jwks,
        jwks.isPresent() ? Optional.empty() : discovery,
        audiences,
        algorithms,
        Duration.ofSeconds(seconds(at + "clock-skew-seconds", property, "clock-skew-seconds", 60)),
        property.apply("email-claim").map(String::trim).filter(c -> !c.isEmpty()).orElse("email"),
        bool(at + "require-email-verified", property.apply("require-email-verified"), true),
        Duration.ofSeconds(
            seconds(at + "jwks-refresh-min-seconds", property, "jwks-refresh-min-seconds", 30)),
        insecure);
  }

  /** Whether {@code uri} may be fetched under these settings: HTTPS, or HTTP where allowed. */
  public static boolean isFetchable(URI uri, boolean allowInsecureHttp) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return uri.getHost() != null
        && (scheme.equals("https") || (scheme.equals("http") && allowInsecureHttp));
  }

  private static Optional<URI> uri(String key, Optional<String> value, boolean insecure) {
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(value.get().trim());
    } catch (URISyntaxException e) {
      throw new InvalidConfiguration(key + ": not a URI");
    }
    if (!isFetchable(uri, insecure)) {
      throw new InvalidConfiguration(
          key
              + ": must be an https:// URI"
              + (uri.getScheme() != null && uri.getScheme().equalsIgnoreCase("http")
                  ? " (plain HTTP only with allow-insecure-http=true, for tests and loopback)"
                  : ""));
    }
    return Optional.of(uri);
  }

  private static long seconds(
      String key, Function<String, Optional<String>> property, String name, long fallback) {
    String text = property.apply(name).map(String::trim).orElse("");
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= 0 && value <= 86_400) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfiguration(key + ": seconds from 0 to 86400, not '" + text + "'");
  }

  private static boolean bool(String key, Optional<String> value) {
    return bool(key, value, false);
  }

  private static boolean bool(String key, Optional<String> value, boolean fallback) {
    String text = value.map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("");
    return switch (text) {
      case "" -> fallback;
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidConfiguration(key + ": true or false, not '" + text + "'");
    };
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .toList();
  }

  private static Set<String> set(String commaSeparated) {
    return new LinkedHashSet<>(list(commaSeparated));
  }
}
