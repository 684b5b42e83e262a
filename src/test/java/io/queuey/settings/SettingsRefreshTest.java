package io.queuey.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsRefreshTest {

  /** The "configuration": a whole number, invalid when not one. */
  private final AtomicReference<String> configured = new AtomicReference<>("1");

  private final List<LogRecord> logged = new ArrayList<>();
  private final Logger logger = Logger.getLogger(Reloading.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final CountingCounter failures = new CountingCounter();
  private final SettingsRefresh refresh = new SettingsRefresh(failures);

  @BeforeEach
  void captureLog() {
    logger.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    logger.removeHandler(capture);
  }

  private Reloading<Long> watchNumber() {
    return refresh.watch(
        "the number",
        () ->
            ConfigValues.wholeNumber(
                name -> Optional.of(configured.get()), "test.number", 0, 0, 100),
        (before, after) -> List.of("test.number " + before + " -> " + after));
  }

  private List<String> messages(Level level) {
    return logged.stream()
        .filter(record -> record.getLevel().equals(level))
        .map(LogRecord::getMessage)
        .toList();
  }

  @Test
  void anInvalidConfigurationAtStartupThrows() {
    configured.set("many");

    var invalid = assertThrows(IllegalStateException.class, this::watchNumber);

    assertTrue(invalid.getMessage().contains("test.number"), invalid.getMessage());
  }

  @Test
  void aValidChangeReplacesTheSnapshotAndLogsWhatChanged() {
    Reloading<Long> number = watchNumber();
    configured.set("2");

    refresh.refresh();

    assertEquals(2L, number.current());
    assertEquals(
        List.of("The configuration of the number changed: test.number 1 -> 2"),
        messages(Level.INFO));
  }

  @Test
  void anUnchangedConfigurationLogsNothing() {
    Reloading<Long> number = watchNumber();

    refresh.refresh();
    refresh.refresh();

    assertEquals(1L, number.current());
    assertEquals(List.of(), logged);
  }

  @Test
  void anInvalidChangeKeepsTheLastGoodSnapshot() {
    Reloading<Long> number = watchNumber();
    configured.set("2");
    refresh.refresh();
    configured.set("200");

    refresh.refresh();

    assertEquals(2L, number.current());
  }

  @Test
  void theSameInvalidConfigurationIsLoggedAndCountedOnce() {
    Reloading<Long> number = watchNumber();
    configured.set("-1");

    refresh.refresh();
    refresh.refresh();
    refresh.refresh();

    assertEquals(1L, number.current());
    List<String> warnings = messages(Level.WARNING);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("test.number must be a whole number"), warnings.get(0));
    assertEquals(1, failures.getCount());
  }

  @Test
  void aDifferentInvalidConfigurationIsLoggedAndCountedAgain() {
    watchNumber();
    configured.set("-1");
    refresh.refresh();
    configured.set("x");

    refresh.refresh();

    assertEquals(2, messages(Level.WARNING).size());
    assertEquals(2, failures.getCount());
  }

  @Test
  void theSameMistakeMadeAgainAfterAFixIsReportedAgain() {
    Reloading<Long> number = watchNumber();
    configured.set("-1");
    refresh.refresh();
    configured.set("3");
    refresh.refresh();
    configured.set("-1");

    refresh.refresh();

    assertEquals(3L, number.current());
    assertEquals(2, messages(Level.WARNING).size());
    assertEquals(2, failures.getCount());
  }

  @Test
  void oneInvalidSnapshotDoesNotHoldUpTheOthers() {
    Reloading<Long> number = watchNumber();
    var other = new AtomicReference<>(Map.of("a", 1));
    Reloading<Map<String, Integer>> map =
        refresh.watch("the map", other::get, (before, after) -> List.of(before + " -> " + after));
    configured.set("nope");
    other.set(Map.of("a", 2));

    refresh.refresh();

    assertEquals(1L, number.current());
    assertEquals(Map.of("a", 2), map.current());
    assertEquals(1, failures.getCount());
  }

  /** The number, whose next reads return {@code reads} in turn, then the configured value. */
  private Reloading<Long> watchNumberReading(java.util.Queue<String> reads) {
    return refresh.watch(
        "the number",
        () -> {
          String value = reads.isEmpty() ? configured.get() : reads.poll();
          return ConfigValues.wholeNumber(name -> Optional.of(value), "test.number", 0, 0, 100);
        },
        (before, after) -> List.of("test.number " + before + " -> " + after));
  }

  @Test
  void aReadThatTheNextReadContradictsIsNotActedUpon() {
    // A file rewritten in place from 1 to 5 reads empty (the default, 0) between truncate and
    // write: the first refresh reads "", then (settled) "5"; the second refresh "5" again.
    var reads = new java.util.ArrayDeque<String>();
    Reloading<Long> number = watchNumberReading(reads);
    reads.addAll(List.of("", "5"));
    configured.set("5");

    refresh.refresh();

    assertEquals(1L, number.current(), "neither the torn read nor one read of 5 is acted upon");
    assertEquals(List.of(), logged);

    refresh.refresh();

    assertEquals(5L, number.current(), "two reads in a row agreed on 5");
    assertEquals(
        List.of("The configuration of the number changed: test.number 1 -> 5"),
        messages(Level.INFO));
  }

  @Test
  void anInvalidReadThatTheNextReadContradictsIsNeitherLoggedNorCounted() {
    var reads = new java.util.ArrayDeque<String>();
    Reloading<Long> number = watchNumberReading(reads);
    reads.add("-");

    refresh.refresh();
    refresh.refresh();

    assertEquals(1L, number.current());
    assertEquals(List.of(), logged);
    assertEquals(0, failures.getCount());
  }

  @Test
  void unsetOrBlankNumbersTakeTheirDefault() {
    assertEquals(7, ConfigValues.wholeNumber(name -> Optional.empty(), "n", 7, 0, 10));
    assertEquals(7, ConfigValues.wholeNumber(name -> Optional.of(" \n"), "n", 7, 0, 10));
    assertEquals(9, ConfigValues.wholeNumber(name -> Optional.of("9\n"), "n", 7, 0, 10));
  }

  private static final class CountingCounter implements Counter {
    private long count;

    @Override
    public void inc() {
      count++;
    }

    @Override
    public void inc(long n) {
      count += n;
    }

    @Override
    public long getCount() {
      return count;
    }
  }
}
