package io.queuey.auth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The applications of this deployment and their keys, from MicroProfile Config: {@code
 * queuey.applications} lists the names, {@code queuey.application.NAME.keys} each one's keys (more
 * than one while a key is being rotated).
 */
@ApplicationScoped
public class Applications {

  private static final Logger LOG = Logger.getLogger(Applications.class.getName());

  /** A key is kept only as its digest, so that comparing takes the same time for any input. */
  private record Key(String application, byte[] digest) {}

  @Inject
  @ConfigProperty(name = "queuey.applications", defaultValue = " ")
  String applicationNames;

  @Inject Config config;

  private volatile Set<String> names = Set.of();
  private volatile List<Key> keys = List.of();

  public Applications() {}

  /** For tests without a container. */
  public Applications(List<String> names, java.util.function.Function<String, List<String>> keys) {
    load(names, keys);
  }

  @PostConstruct
  void loadFromConfig() {
    List<String> configured =
        java.util.Arrays.stream(applicationNames.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .toList();
    load(
        configured,
        name ->
            config
                .getOptionalValues("queuey.application." + name + ".keys", String.class)
                .orElse(List.of()));
    LOG.info(() -> "Applications configured: " + names);
  }

  private void load(
      List<String> configured, java.util.function.Function<String, List<String>> keysOf) {
    var loaded = new ArrayList<Key>();
    for (String name : configured) {
      for (String key : keysOf.apply(name)) {
        if (!key.isBlank()) {
          loaded.add(new Key(name, digest(key.trim())));
        }
      }
    }
    this.names = Set.copyOf(configured);
    this.keys = List.copyOf(loaded);
  }

  public boolean exists(String application) {
    return names.contains(application);
  }

  /**
   * The application this key belongs to. Every configured key is compared, each in constant time,
   * so the answer's timing tells nothing about which key (or how much of one) matched.
   */
  public Optional<String> applicationOf(String presentedKey) {
    byte[] presented = digest(presentedKey);
    String match = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(presented, key.digest()) && match == null) {
        match = key.application();
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
