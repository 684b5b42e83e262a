package io.queuey.messages.control;

import io.queuey.messages.entity.Timestamp;
import io.queuey.platform.StorageKind;
import io.queuey.queues.entity.Consistency;
import io.queuey.settings.ConfigValues;
import io.queuey.settings.Reloading;
import io.queuey.settings.SettingsRefresh;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
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

  /** The longest read delay that may be configured: a year, far beyond any sensible one. */
  static final long MAX_SECONDS = 365L * 24 * 3600;

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

    /**
     * The delays {@code lookup} gives (unset ones at their defaults).
     *
     * @throws IllegalStateException naming the first property that is invalid
     */
    public static Settings read(Function<String, Optional<String>> lookup) {
      return new Settings(
          Enabled.parse(lookup.apply(PREFIX + "enabled").orElse("auto")),
          seconds(lookup, "base-seconds", DEFAULTS.base),
          seconds(lookup, "weak-seconds", DEFAULTS.weak),
          seconds(lookup, "strong-seconds", DEFAULTS.strong),
          seconds(lookup, "very-strong-seconds", DEFAULTS.veryStrong));
    }

    private static Duration seconds(
        Function<String, Optional<String>> lookup, String property, Duration defaultValue) {
      return Duration.ofSeconds(
          ConfigValues.wholeNumber(
              lookup, PREFIX + property, defaultValue.toSeconds(), 0, MAX_SECONDS));
    }

    static List<String> changes(Settings before, Settings after) {
      var changes = new ArrayList<String>();
      changed(changes, "enabled", before.enabled, after.enabled);
      changed(changes, "base-seconds", before.base.toSeconds(), after.base.toSeconds());
      changed(changes, "weak-seconds", before.weak.toSeconds(), after.weak.toSeconds());
      changed(changes, "strong-seconds", before.strong.toSeconds(), after.strong.toSeconds());
      changed(
          changes,
          "very-strong-seconds",
          before.veryStrong.toSeconds(),
          after.veryStrong.toSeconds());
      return changes;
    }

    private static void changed(
        List<String> changes, String property, Object before, Object after) {
      if (!before.equals(after)) {
        changes.add(PREFIX + property + " " + before + " -> " + after);
      }
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

  @Inject Config config;
  @Inject SettingsRefresh refresh;

  @Inject
  @ConfigProperty(name = StorageKind.PROPERTY, defaultValue = "cassandra")
  String storage;

  // Looked up only for Cassandra storage: the in-memory storage has no cluster to ask.
  @Inject Instance<ReplicaTopology> topology;

  private Supplier<Settings> settings;
  private BooleanSupplier singleNode;

  /** For CDI: settings from the configuration, the topology from the configured storage. */
  public ReadDelays() {}

  /** For tests: {@code singleNode} is asked only when {@code settings} say AUTO. */
  public ReadDelays(Settings settings, BooleanSupplier singleNode) {
    Objects.requireNonNull(settings, "settings");
    this.settings = () -> settings;
    this.singleNode = Objects.requireNonNull(singleNode, "singleNode");
  }

  @PostConstruct
  void configure() {
    Reloading<Settings> reloading =
        refresh.watch(
            "read delays",
            () -> Settings.read(name -> config.getOptionalValue(name, String.class)),
            Settings::changes);
    settings = reloading::current;
    singleNode =
        StorageKind.parse(storage) == StorageKind.MEMORY
            ? () -> true
            : () -> topology.get().isSingleNode();
  }

  /** The delays are read as the WAR deploys: an invalid one fails the deployment. */
  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    settings.get();
  }

  /**
   * The newest timestamp a range read of a queue of that consistency may return at {@code now};
   * empty when reads are not delayed. May throw {@code StorageUnavailable} while the topology of a
   * not yet connected cluster is unknown.
   */
  public Optional<Timestamp> notAfter(Consistency consistency, Timestamp now) {
    return notAfter(settings.get(), singleNode, consistency, now);
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
