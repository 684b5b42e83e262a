package io.queuey.messages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.messages.control.ReadDelays.Enabled;
import io.queuey.messages.control.ReadDelays.Settings;
import io.queuey.messages.entity.Timestamp;
import io.queuey.queues.entity.Consistency;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadDelaysTest {

  private static final Timestamp NOW =
      Timestamp.ofInstant(Instant.parse("2025-06-01T12:00:00.1234567Z"));

  @Test
  void autoHasNoDelayOnASingleNode() {
    var delays = new ReadDelays(Settings.DEFAULTS, () -> true);

    for (Consistency consistency : Consistency.values()) {
      assertEquals(Optional.empty(), delays.notAfter(consistency, NOW));
    }
  }

  @Test
  void autoDelaysByConsistencyOnSeveralNodes() {
    var delays = new ReadDelays(Settings.DEFAULTS, () -> false);

    assertEquals(Optional.of(secondsBefore(1)), delays.notAfter(Consistency.WEAK, NOW));
    assertEquals(Optional.of(secondsBefore(5)), delays.notAfter(Consistency.STRONG, NOW));
    assertEquals(Optional.of(secondsBefore(600)), delays.notAfter(Consistency.VERY_STRONG, NOW));
  }

  @Test
  void baseDelayIsAddedToEachConsistency() {
    var settings =
        new Settings(
            Enabled.AUTO,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(600));

    assertEquals(
        Optional.of(secondsBefore(3)),
        ReadDelays.notAfter(settings, () -> false, Consistency.WEAK, NOW));
    assertEquals(
        Optional.of(secondsBefore(602)),
        ReadDelays.notAfter(settings, () -> false, Consistency.VERY_STRONG, NOW));
  }

  @Test
  void enabledTrueDelaysEvenOnASingleNode() {
    var always = withEnabled(Enabled.ALWAYS);

    assertEquals(
        Optional.of(secondsBefore(5)),
        ReadDelays.notAfter(always, () -> true, Consistency.STRONG, NOW));
  }

  @Test
  void enabledFalseNeverDelaysAndNeverAsksForTheTopology() {
    var never = withEnabled(Enabled.NEVER);

    assertEquals(
        Optional.empty(),
        ReadDelays.notAfter(
            never,
            () -> {
              throw new AssertionError("the topology is not needed");
            },
            Consistency.VERY_STRONG,
            NOW));
  }

  @Test
  void delayKeepsTheFullPrecisionOfNow() {
    Timestamp notAfter =
        ReadDelays.notAfter(Settings.DEFAULTS, () -> false, Consistency.WEAK, NOW).orElseThrow();

    assertEquals(NOW.ticks() - 10_000_000L, notAfter.ticks());
  }

  @Test
  void enabledPropertyTakesAutoTrueOrFalse() {
    assertEquals(Enabled.AUTO, Enabled.parse("auto"));
    assertEquals(Enabled.ALWAYS, Enabled.parse("TRUE"));
    assertEquals(Enabled.NEVER, Enabled.parse(" false "));
    assertThrows(IllegalStateException.class, () -> Enabled.parse("sometimes"));
  }

  @Test
  void negativeDelaysAreRefused() {
    assertThrows(
        IllegalStateException.class,
        () ->
            new Settings(
                Enabled.AUTO, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO, Duration.ZERO));
  }

  private static Settings withEnabled(Enabled enabled) {
    var defaults = Settings.DEFAULTS;
    return new Settings(
        enabled, defaults.base(), defaults.weak(), defaults.strong(), defaults.veryStrong());
  }

  private static Timestamp secondsBefore(long seconds) {
    return Timestamp.ofInstant(NOW.toInstant().minusSeconds(seconds));
  }

  @Test
  void delaysAreReadWithDefaultsAndChangesAreNamed() {
    var configured =
        java.util.Map.of(
            ReadDelays.PREFIX + "enabled", "true\n", ReadDelays.PREFIX + "weak-seconds", "3");
    Settings read = Settings.read(name -> Optional.ofNullable(configured.get(name)));

    assertEquals(Enabled.ALWAYS, read.enabled());
    assertEquals(Duration.ofSeconds(3), read.weak());
    assertEquals(Duration.ofSeconds(5), read.strong());
    assertEquals(
        java.util.List.of(
            "queuey.read-delay.enabled AUTO -> ALWAYS", "queuey.read-delay.weak-seconds 1 -> 3"),
        Settings.changes(Settings.DEFAULTS, read));
  }

  @Test
  void aNegativeDelayReadFromTheConfigurationIsInvalid() {
    var invalid =
        assertThrows(
            IllegalStateException.class,
            () ->
                Settings.read(
                    name ->
                        name.endsWith("strong-seconds") ? Optional.of("-1") : Optional.empty()));
    assertTrue(invalid.getMessage().contains("strong-seconds"), invalid.getMessage());
  }
}
