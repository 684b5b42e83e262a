package io.queuey.messages.control;

import io.queuey.messages.entity.Timestamp;
import io.queuey.platform.StorageKind;
import io.queuey.queues.entity.Consistency;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How far behind the present a range read stops (API.md, Delivery characteristics): a reader
 * walking forward with {@code since} must not pass a message that another node stored a little
 * later with an earlier timestamp. A single storage node orders every write itself, so by default
 * it has no delay; the in-memory storage counts as one node.
 */
@ApplicationScoped
public class ReadDelays {

  static final String PREFIX = "queuey.read-delay.";

  /** Property {@code queuey.read-delay.enabled}. */
  public enum Enabled {
    /** Delays unless the storage is a single node. */
    AUTO,
    ALWAYS,
    NEVER;

    public static Enabled parse(String text) {
      String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (trimmed) {
        case "auto" -> AUTO;
        case "true" -> ALWAYS;
        case "false" -> NEVER;
        default ->
            throw new IllegalStateException(
                PREFIX + "enabled must be 'auto', 'true' or 'false', not '" + text + "'");
      };
    }
  }

  /** The configured delays; {@code base} is added to the delay of each consistency. */
  public record Settings(
      Enabled enabled, Duration base, Duration weak, Duration strong, Duration veryStrong) {

    public static final Settings DEFAULTS =
        new Settings(
            Enabled.AUTO,
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(600));

    public Settings {
      Objects.requireNonNull(enabled, "enabled");
      requireNotNegative("base-seconds", base);
      requireNotNegative("weak-seconds", weak);
      requireNotNegative("strong-seconds", strong);
      requireNotNegative("very-strong-seconds", veryStrong);
    }

    private static void requireNotNegative(String property, Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalStateException(PREFIX + property + " must be 0 or more seconds");
      }
    }

    public Duration delayOf(Consistency consistency) {
      Duration ofConsistency =
          switch (consistency) {
            case WEAK -> weak;
            case STRONG -> strong;
            case VERY_STRONG -> veryStrong;
          };
      return base.plus(ofConsistency);
    }
  }

  @Inject
  @ConfigProperty(name = PREFIX + "enabled", defaultValue = "auto")
  String enabledProperty;

  @Inject
  @ConfigProperty(name = PREFIX + "base-seconds", defaultValue = "0")
  long baseSeconds;

  @Inject
  @ConfigProperty(name = PREFIX + "weak-seconds", defaultValue = "1")
  long weakSeconds;

  @Inject
  @ConfigProperty(name = PREFIX + "strong-seconds", defaultValue = "5")
  long strongSeconds;

  @Inject
  @ConfigProperty(name = PREFIX + "very-strong-seconds", defaultValue = "600")
  long veryStrongSeconds;

  @Inject
  @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra")
  String storage;

  // Looked up only for Cassandra storage: the in-memory storage has no cluster to ask.
  @Inject Instance<ReplicaTopology> topology;

  private Settings settings;
  private BooleanSupplier singleNode;

  /** For CDI: settings from the configuration, the topology from the configured storage. */
  public ReadDelays() {}

  /** For tests: {@code singleNode} is asked only when {@code settings} say AUTO. */
  public ReadDelays(Settings settings, BooleanSupplier singleNode) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.singleNode = Objects.requireNonNull(singleNode, "singleNode");
  }

  @PostConstruct
  void configure() {
    settings =
        new Settings(
            Enabled.parse(enabledProperty),
            Duration.ofSeconds(baseSeconds),
            Duration.ofSeconds(weakSeconds),
            Duration.ofSeconds(strongSeconds),
            Duration.ofSeconds(veryStrongSeconds));
    singleNode =
        StorageKind.parse(storage) == StorageKind.MEMORY
            ? () -> true
            : () -> topology.get().isSingleNode();
  }

  /**
   * The newest timestamp a range read of a queue of that consistency may return at {@code now};
   * empty when reads are not delayed. May throw {@code StorageUnavailable} while the topology of a
   * not yet connected cluster is unknown.
   */
  public Optional<Timestamp> notAfter(Consistency consistency, Timestamp now) {
    return notAfter(settings, singleNode, consistency, now);
  }

  /** The pure form of {@link #notAfter(Consistency, Timestamp)}. */
  public static Optional<Timestamp> notAfter(
      Settings settings, BooleanSupplier singleNode, Consistency consistency, Timestamp now) {
    boolean delayed =
        switch (settings.enabled()) {
          case ALWAYS -> true;
          case NEVER -> false;
          case AUTO -> !singleNode.getAsBoolean();
        };
    if (!delayed) {
      return Optional.empty();
    }
    return Optional.of(Timestamp.ofInstant(now.toInstant().minus(settings.delayOf(consistency))));
  }
}
