package io.queuey.groups.control;

import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupStats;
import io.queuey.queues.entity.Queue;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the gauges {@code queuey_group_in_flight} and {@code queuey_group_lag_seconds} true without
 * anyone asking for stats: every {@code queuey.groups.gauge-refresh-seconds} one thread computes
 * the stats (as {@code GET .../groups/{group}} does) of the groups this instance claimed from in
 * the last five minutes (at most {@link #MAX_GROUPS}), and sets, per application, the sum of their
 * messages in flight and the largest lag. Every instance that serves a group counts it, so across
 * instances take the maximum, not the sum.
 */
@ApplicationScoped
public class GroupGauges {

  private static final Logger LOG = Logger.getLogger(GroupGauges.class.getName());

  /** Groups followed at once: bounds the storage work of one refresh. */
  static final int MAX_GROUPS = 1000;

  private static final long ACTIVE_NANOS = TimeUnit.MINUTES.toNanos(5);

  @Inject DeliveryService deliveries;
  @Inject GroupMetrics metrics;

  @Inject
  @ConfigProperty(name = "queuey.groups.gauge-refresh-seconds", defaultValue = "15")
  int refreshSeconds;

  private record Active(Queue queue, Group group, long claimedNanos) {}

  private final Map<UUID, Active> active = new ConcurrentHashMap<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final Map<String, Boolean> applications = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;

  @PostConstruct
  void start() {
    if (refreshSeconds < 1) {
      throw new IllegalStateException("queuey.groups.gauge-refresh-seconds must be at least 1");
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "queuey-group-gauges");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleWithFixedDelay(this::refresh, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
  }

  /** A claim of {@code group} ran on this instance: follow it (its newest settings). */
  void claimedFrom(Queue queue, Group group) {
    if (active.size() < MAX_GROUPS || active.containsKey(group.id())) {
      active.put(group.id(), new Active(queue, group, System.nanoTime()));
    }
  }

  void refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    long now = System.nanoTime();
    active.values().removeIf(entry -> now - entry.claimedNanos() > ACTIVE_NANOS);
    List<Active> followed = List.copyOf(active.values());
    var stats = new ArrayList<CompletableFuture<GroupStats>>(followed.size());
    for (Active entry : followed) {
      stats.add(deliveries.stats(entry.queue(), entry.group()).toCompletableFuture());
    }
    CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new))
        .handle(
            (done, failure) -> {
              try {
                var inFlight = new HashMap<String, Long>();
                var lag = new HashMap<String, Long>();
                applications.keySet().forEach(app -> inFlight.put(app, 0L));
                for (int i = 0; i < followed.size(); i++) {
                  String app = followed.get(i).queue().application();
                  CompletableFuture<GroupStats> one = stats.get(i);
                  if (one.isCompletedExceptionally()) {
                    // Left as it was: a failed read says nothing new about that application.
                    inFlight.remove(app);
                    continue;
                  }
                  GroupStats result = one.join();
                  inFlight.merge(app, result.inFlight(), Long::sum);
                  lag.merge(app, result.lagSeconds().orElse(0L), Math::max);
                  applications.put(app, true);
                }
                inFlight.forEach(
                    (app, count) ->
                        metrics.observed(app, count, Optional.of(lag.getOrDefault(app, 0L))));
                if (failure != null) {
                  LOG.log(Level.FINE, "Some group stats could not be read", failure);
                }
              } finally {
                refreshing.set(false);
              }
              return null;
            });
  }
}
