package io.queuey.stats.control;

import io.queuey.stats.entity.QueueTraffic;
import io.queuey.stats.entity.Traffic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The messages this instance stored and answered per queue and per application, over the last five
 * minutes in ten-second intervals: what the stats calls (and so the console's charts) show. They
 * are counted in memory, by each instance for the requests it served, after the storage answered.
 *
 * <p>At most {@code queuey.stats.max-queues} queues are followed at once; a queue that gets traffic
 * while that many are followed is counted in its application's figures only, until a sweep (every
 * minute) has forgotten the queues with no traffic in the window.
 */
@ApplicationScoped
public class TrafficRates {

  /** The property of {@link #maxQueues}. */
  public static final String MAX_QUEUES = "queuey.stats.max-queues";

  /** The window's length and the width of its intervals, in seconds. */
  public static final int WINDOW_SECONDS = RateWindow.INTERVALS * RateWindow.INTERVAL_SECONDS;

  public static final int INTERVAL_SECONDS = RateWindow.INTERVAL_SECONDS;

  private record QueueKey(String application, String queue) {}

  @Inject
  @ConfigProperty(name = MAX_QUEUES, defaultValue = "10000")
  int maxQueues;

  private final Map<QueueKey, RateWindow> queues = new ConcurrentHashMap<>();
  private final Map<String, RateWindow> applications = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private ScheduledExecutorService sweeper;

  public TrafficRates() {
    this(System::currentTimeMillis, 10_000);
  }

  /** For tests: a clock of epoch milliseconds. */
  TrafficRates(LongSupplier clock, int maxQueues) {
    this.clock = clock;
    this.maxQueues = maxQueues;
  }

  @PostConstruct
  void start() {
    if (maxQueues < 0) {
      throw new IllegalStateException(MAX_QUEUES + " must be 0 or more");
    }
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "queuey-stats-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
  }

  @PreDestroy
  void stop() {
    sweeper.shutdownNow();
  }

  public void posted(String application, String queue, int messages) {
    count(application, queue, messages, 0);
  }

  public void read(String application, String queue, int messages) {
    count(application, queue, 0, messages);
  }

  private void count(String application, String queue, long posted, long read) {
    if (posted == 0 && read == 0) {
      return;
    }
    long interval = RateWindow.intervalOf(clock.getAsLong());
    applications.computeIfAbsent(application, name -> new RateWindow()).add(interval, posted, read);
    var key = new QueueKey(application, queue);
    RateWindow window = queues.get(key);
    if (window == null) {
      if (queues.size() >= maxQueues) {
        return;
      }
      window = queues.computeIfAbsent(key, k -> new RateWindow());
    }
    window.add(interval, posted, read);
  }

  /** A queue's traffic; all zeros when it had none in the window (or was not followed). */
  public Traffic ofQueue(String application, String queue) {
    return trafficOf(queues.get(new QueueKey(application, queue)));
  }

  public Traffic ofApplication(String application) {
    return trafficOf(applications.get(application));
  }

  /** The application's queues that had traffic in the window, the busiest first. */
  public List<QueueTraffic> busiestQueues(String application, int most) {
    long now = RateWindow.intervalOf(clock.getAsLong());
    return queues.entrySet().stream()
        .filter(entry -> entry.getKey().application().equals(application))
        .filter(entry -> entry.getValue().activeAt(now))
        .map(entry -> new QueueTraffic(entry.getKey().queue(), entry.getValue().traffic(now)))
        .sorted(
            Comparator.comparingLong((QueueTraffic q) -> q.traffic().posted() + q.traffic().read())
                .reversed()
                .thenComparing(QueueTraffic::queueName))
        .limit(most)
        .toList();
  }

  private Traffic trafficOf(RateWindow window) {
    long now = RateWindow.intervalOf(clock.getAsLong());
    return (window == null ? new RateWindow() : window).traffic(now);
  }

  /** Forgets the queues and applications with no traffic in the window. */
  void sweep() {
    long now = RateWindow.intervalOf(clock.getAsLong());
    queues.values().removeIf(window -> !window.activeAt(now));
    applications.values().removeIf(window -> !window.activeAt(now));
  }

  int followedQueues() {
    return queues.size();
  }
}
