package io.queuey.settings;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Rebuilds every dynamic snapshot ({@link Reloading}) from the configuration every {@code
 * queuey.config.refresh-seconds} (0: never), on one daemon thread. A changed configuration is read
 * once more {@code queuey.config.settle-ms} later and acted upon when both reads agree (see {@link
 * Reloading}). Each rejected new configuration counts once in {@code queuey_config_reload_failures}
 * (exposed as {@code queuey_config_reload_failures_total}).
 *
 * <p>The counter is registered here rather than in the observability feature's {@code
 * QueueyMetrics}: this package is imported by every feature (auth among them), and observability
 * imports auth, so using it from here would be a cycle.
 */
@ApplicationScoped
public class SettingsRefresh {

  private static final Logger LOG = Logger.getLogger(SettingsRefresh.class.getName());

  /** The property of the refresh interval, in seconds. */
  public static final String REFRESH_SECONDS = "queuey.config.refresh-seconds";

  /** The property of the pause before a changed configuration is read again, in milliseconds. */
  public static final String SETTLE_MS = "queuey.config.settle-ms";

  static final String FAILURES = "queuey_config_reload_failures";

  @Inject Config config;
  @Inject MetricRegistry registry;

  private final List<Reloading<?>> watched = new CopyOnWriteArrayList<>();
  private Counter failures;
  private ScheduledExecutorService timer;
  private long settleMillis;

  /** For CDI. */
  public SettingsRefresh() {}

  /**
   * For tests: no timer; {@link #refresh()} is called by the test, and reads a changed
   * configuration the second time at once.
   */
  SettingsRefresh(Counter failures) {
    this.failures = failures;
  }

  @PostConstruct
  void start() {
    failures = registry.counter(FAILURES);
    long seconds =
        ConfigValues.wholeNumber(
            name -> config.getOptionalValue(name, String.class), REFRESH_SECONDS, 10, 0, 86_400);
    if (seconds == 0) {
      LOG.info("Dynamic settings are read once: " + REFRESH_SECONDS + " is 0");
      return;
    }
    settleMillis =
        ConfigValues.wholeNumber(
            name -> config.getOptionalValue(name, String.class), SETTLE_MS, 1000, 0, 60_000);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "queuey-settings-refresh");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::refresh, seconds, seconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /**
   * Reads the first snapshot now (an invalid configuration throws, failing the startup) and
   * rebuilds it on every refresh from then on. See {@link Reloading#Reloading}.
   */
  public <T> Reloading<T> watch(
      String name, Supplier<T> read, BiFunction<T, T, List<String>> changes) {
    var reloading = new Reloading<>(name, read, changes);
    watched.add(reloading);
    return reloading;
  }

  /** One refresh of every snapshot. */
  void refresh() {
    for (Reloading<?> reloading : watched) {
      refresh(reloading, false);
    }
  }

  private void refresh(Reloading<?> reloading, boolean confirming) {
    try {
      Reloading.Outcome outcome = reloading.reload();
      if (outcome == Reloading.Outcome.REJECTED) {
        failures.inc();
      } else if (outcome == Reloading.Outcome.PENDING && !confirming) {
        // Read it again shortly; if it changed once more by then, the next refresh decides.
        if (timer == null) {
          refresh(reloading, true);
        } else {
          timer.schedule(() -> refresh(reloading, true), settleMillis, TimeUnit.MILLISECONDS);
        }
      }
    } catch (RuntimeException unexpected) {
      // A failure of one snapshot must not stop the timer, nor the others' refresh.
      LOG.log(Level.WARNING, "Refreshing " + reloading.name() + " failed", unexpected);
    }
  }
}
