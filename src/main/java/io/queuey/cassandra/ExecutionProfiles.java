package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The driver's execution profiles: one per consistency level Queuey uses, each with the serial
 * consistency of the topology, so that statements name a profile instead of carrying levels of
 * their own. {@link #BACKGROUND_SUFFIX} profiles have the longer timeout of background work.
 */
public final class ExecutionProfiles {

  /** Every level a profile exists for. */
  public static final List<DefaultConsistencyLevel> LEVELS =
      List.of(
          DefaultConsistencyLevel.ONE,
          DefaultConsistencyLevel.LOCAL_ONE,
          DefaultConsistencyLevel.QUORUM,
          DefaultConsistencyLevel.LOCAL_QUORUM,
          DefaultConsistencyLevel.EACH_QUORUM,
          // Linearizable reads of lightweight-transaction data.
          DefaultConsistencyLevel.SERIAL,
          DefaultConsistencyLevel.LOCAL_SERIAL);

  /** Appended to a level's profile name for the profile of background work at that level. */
  public static final String BACKGROUND_SUFFIX = "-background";

  private static final Map<DefaultConsistencyLevel, String> NAMES =
      new EnumMap<>(DefaultConsistencyLevel.class);
  private static final Map<DefaultConsistencyLevel, String> BACKGROUND_NAMES =
      new EnumMap<>(DefaultConsistencyLevel.class);

  static {
    for (DefaultConsistencyLevel level : LEVELS) {
      NAMES.put(level, level.name().toLowerCase(Locale.ROOT));
      BACKGROUND_NAMES.put(level, level.name().toLowerCase(Locale.ROOT) + BACKGROUND_SUFFIX);
    }
  }

  private ExecutionProfiles() {}

  /**
   * Defines every profile on {@code config}: the level, {@code serial} as serial consistency, and
   * {@code backgroundTimeout} as the request timeout of the background profiles.
   */
  public static ProgrammaticDriverConfigLoaderBuilder define(
      ProgrammaticDriverConfigLoaderBuilder config,
      ConsistencyLevel serial,
      Duration backgroundTimeout) {
    config.withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, serial.name());
    for (DefaultConsistencyLevel level : LEVELS) {
      config
          .startProfile(NAMES.get(level))
          .withString(DefaultDriverOption.REQUEST_CONSISTENCY, level.name())
          .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, serial.name())
          .endProfile();
      config
          .startProfile(BACKGROUND_NAMES.get(level))
          .withString(DefaultDriverOption.REQUEST_CONSISTENCY, level.name())
          .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, serial.name())
          .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, backgroundTimeout)
          .endProfile();
    }
    return config;
  }

  /** The profile of {@code level}. */
  public static String of(ConsistencyLevel level) {
    return require(NAMES, level);
  }

  /** The background profile of {@code level}: same level, the background timeout. */
  public static String background(ConsistencyLevel level) {
    return require(BACKGROUND_NAMES, level);
  }

  /** {@code statement} on the profile of {@code level}. */
  public static <S extends Statement<S>> S at(S statement, ConsistencyLevel level) {
    return statement.setExecutionProfileName(of(level));
  }

  /** The level of a profile named by {@link #of} or {@link #background}. */
  public static ConsistencyLevel levelOf(String profileName) {
    String name =
        profileName.endsWith(BACKGROUND_SUFFIX)
            ? profileName.substring(0, profileName.length() - BACKGROUND_SUFFIX.length())
            : profileName;
    return DefaultConsistencyLevel.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static String require(
      Map<DefaultConsistencyLevel, String> names, ConsistencyLevel level) {
    String name = level instanceof DefaultConsistencyLevel known ? names.get(known) : null;
    if (name == null) {
      throw new IllegalArgumentException("no execution profile for " + level);
    }
    return name;
  }
}
