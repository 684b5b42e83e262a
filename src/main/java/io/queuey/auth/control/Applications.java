package io.queuey.auth.control;

import io.queuey.settings.Reloading;
import io.queuey.settings.SettingsRefresh;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The applications of this deployment and their keys, from MicroProfile Config: {@code
 * queuey.applications} lists the names, {@code queuey.application.NAME.keys} each one's keys (more
 * than one while a key is being rotated). A key entry is the key itself, or {@code sha256:} and the
 * 64 hex digits of the SHA-256 of the key's UTF-8 bytes, so that the configuration need not hold
 * the secret. Both are dynamic: rebuilt by {@link SettingsRefresh} (an invalid change keeps the
 * last good ones).
 */
@ApplicationScoped
public class Applications {

  private static final Logger LOG = Logger.getLogger(Applications.class.getName());

  static final String NAMES = "queuey.applications";

  /** The prefix of a key entry that is the key's SHA-256 (hex) rather than the key. */
  static final String DIGEST_PREFIX = "sha256:";

  private static final HexFormat HEX = HexFormat.of();

  /** A key is kept only as its digest, so that comparing takes the same time for any input. */
  private record Key(String application, byte[] digest) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && application.equals(key.application)
          && Arrays.equals(digest, key.digest);
    }

    @Override
    public int hashCode() {
      return 31 * application.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
      return application + ":" + fingerprint(digest);
    }
  }

  /** The configured applications and their keys: one immutable snapshot. */
  record Snapshot(Set<String> names, List<Key> keys) {

    Snapshot {
      names = Set.copyOf(names);
      keys = List.copyOf(keys);
    }

    /** The fingerprints of the keys of each application, in the order configured. */
    Map<String, List<String>> fingerprints() {
      var byApplication = new LinkedHashMap<String, List<String>>();
      new TreeSet<>(names).forEach(name -> byApplication.put(name, new ArrayList<>()));
      keys.forEach(key -> byApplication.get(key.application()).add(fingerprint(key.digest())));
      return byApplication;
    }
  }

  @Inject Config config;
  @Inject SettingsRefresh refresh;

  private Reloading<Snapshot> settings;

  public Applications() {}

  /** For tests without a container: these applications and keys, never reloaded. */
  public Applications(List<String> names, Function<String, List<String>> keys) {
    Snapshot fixed = read(names, keys);
    settings = new Reloading<>("applications", () -> fixed, Applications::changes);
  }

  @PostConstruct
  void loadFromConfig() {
    settings =
        refresh.watch(
            "applications",
            () ->
                read(
                    namesIn(config.getOptionalValue(NAMES, String.class).orElse("")),
                    name ->
                        config
                            .getOptionalValues(keysProperty(name), String.class)
                            .orElse(List.of())),
            Applications::changes);
    LOG.info(
        () -> "Applications configured, keys by fingerprint: " + settings.current().fingerprints());
  }

  /** The applications are read as the WAR deploys: a bad key entry fails the deployment. */
  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    LOG.fine(() -> settings.current().names().size() + " applications");
  }

  static List<String> namesIn(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .toList();
  }

  static String keysProperty(String application) {
    return "queuey.application." + application + ".keys";
  }

  /**
   * A snapshot of these applications with the keys {@code keysOf} gives each.
   *
   * @throws IllegalStateException on a malformed {@code sha256:} entry (the message names the
   *     property and the entry's position, never its text)
   */
  static Snapshot read(List<String> names, Function<String, List<String>> keysOf) {
    var keys = new ArrayList<Key>();
    for (String name : names) {
      List<String> entries = keysOf.apply(name);
      for (int i = 0; i < entries.size(); i++) {
        String entry = entries.get(i).trim();
        if (!entry.isEmpty()) {
          keys.add(new Key(name, digestOf(entry, name, i + 1)));
        }
      }
    }
    return new Snapshot(Set.copyOf(names), keys);
  }

  private static byte[] digestOf(String entry, String application, int position) {
    if (!entry.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())) {
      return digest(entry);
    }
    String hex = entry.substring(DIGEST_PREFIX.length());
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalStateException(
          keysProperty(application)
              + ": entry "
              + position
              + " starts with "
              + DIGEST_PREFIX
              + " but is not followed by exactly 64 hex digits (the SHA-256 of the key)");
    }
    return HEX.parseHex(hex);
  }

  /** How {@code next} differs from {@code previous}, by application, keys as fingerprints. */
  static List<String> changes(Snapshot previous, Snapshot next) {
    Map<String, List<String>> before = previous.fingerprints();
    Map<String, List<String>> after = next.fingerprints();
    var names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    var changes = new ArrayList<String>();
    for (String name : names) {
      List<String> was = before.get(name);
      List<String> is = after.get(name);
      if (was == null) {
        changes.add("application '" + name + "' added, keys " + is);
      } else if (is == null) {
        changes.add("application '" + name + "' removed");
      } else if (!was.equals(is)) {
        changes.add("application '" + name + "': keys " + was + " -> " + is);
      }
    }
    return changes;
  }

  /** The first 12 hex digits of a key's SHA-256: enough to tell keys apart in a log, no more. */
  static String fingerprint(byte[] digest) {
    return HEX.formatHex(digest, 0, 6);
  }

  public boolean exists(String application) {
    return settings.current().names().contains(application);
  }

  /**
   * The application this key belongs to. Every configured key is compared, each in constant time,
   * so the answer's timing tells nothing about which key (or how much of one) matched.
   */
  public Optional<String> applicationOf(String presentedKey) {
    byte[] presented = digest(presentedKey);
    String match = null;
    for (Key key : settings.current().keys()) {
      if (MessageDigest.isEqual(presented, key.digest()) && match == null) {
        match = key.application();
      }
    }
    return Optional.ofNullable(match);
  }

  static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
