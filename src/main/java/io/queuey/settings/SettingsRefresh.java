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
 * queuey.config.refresh-seconds} (0: never), on one daemon thread. Each rejected new configuration
 * counts once in {@code queuey_config_reload_failures} (exposed as {@code
 * queuey_config_reload_failures_total}).
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

  static final String FAILURES = "queuey_config_reload_failures";

  @Inject Config config;
  @Inject MetricRegistry registry;

  private final List<Reloading<?>> watched = new CopyOnWriteArrayList<>();
  private Counter failures;
  private ScheduledExecutorService timer;

  /** For CDI. */
  public SettingsRefresh() {}

  /** For tests: no timer; {@link #refresh()} is called by the test. */
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
      try {
        if (reloading.reload() == Reloading.Outcome.REJECTED) {
          failures.inc();
        }
      } catch (RuntimeException unexpected) {
        // A failure of one snapshot must not stop the timer, nor the others' refresh.
        LOG.log(Level.WARNING, "Refreshing " + reloading.name() + " failed", unexpected);
      }
    }
  }
}
