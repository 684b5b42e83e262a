package io.queuey.groups.control;

import io.queuey.groups.entity.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Metrics of consumer groups, per application: claims, messages handed out, redeliveries, acks,
 * dead-lettered, lightweight transactions and their retries, claim latency; and the gauges of
 * messages in flight and lag, which {@link GroupGauges} keeps current.
 */
@ApplicationScoped
public class GroupMetrics {

  @Inject MetricRegistry registry;

  private final Map<String, AtomicLong> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

  /** Looked up in the registry (by name and tags) once per application, then kept. */
  private final Map<String, PerApplication> applications = new ConcurrentHashMap<>();

  private final class PerApplication {
    final Counter claims;
    final Counter delivered;
    final Counter redeliveries;
    final Timer claimLatency;
    final Counter lwts;
    final Counter casRetries;
    final Counter acks;
    final Counter deadLettered;

    PerApplication(String application) {
      Tag app = app(application);
      claims = registry.counter("queuey_group_claims", app);
      delivered = registry.counter("queuey_group_delivered", app);
      redeliveries = registry.counter("queuey_group_redeliveries", app);
      claimLatency = registry.timer("queuey_group_claim_latency", app);
      lwts = registry.counter("queuey_group_lwts", app);
      casRetries = registry.counter("queuey_group_cas_retries", app);
      acks = registry.counter("queuey_group_acks", app);
      deadLettered = registry.counter("queuey_group_dead_lettered", app);
    }
  }

  void claimed(String application, List<Delivery> delivered, long nanos) {
    PerApplication app = of(application);
    app.claims.inc();
    app.delivered.inc(delivered.size());
    long again = 0;
    for (Delivery delivery : delivered) {
      if (delivery.deliveries() > 1) {
        again++;
      }
    }
    if (again > 0) {
      app.redeliveries.inc(again);
    }
    app.claimLatency.update(Duration.ofNanos(nanos));
  }

  void lwts(String application, int lwts, int retries) {
    if (lwts > 0) {
      of(application).lwts.inc(lwts);
    }
    if (retries > 0) {
      of(application).casRetries.inc(retries);
    }
  }

  void acked(String application, int done) {
    of(application).acks.inc(done);
  }

  void deadLettered(String application, int messages) {
    of(application).deadLettered.inc(messages);
  }

  private PerApplication of(String application) {
    PerApplication found = applications.get(application);
    return found != null ? found : applications.computeIfAbsent(application, PerApplication::new);
  }

  void observed(String application, long messagesInFlight, Optional<Long> lagSeconds) {
    gauge("queuey_group_in_flight", inFlight, application).set(messagesInFlight);
    gauge("queuey_group_lag_seconds", lag, application).set(lagSeconds.orElse(0L));
  }

  private AtomicLong gauge(String name, Map<String, AtomicLong> values, String application) {
    return values.computeIfAbsent(
        application,
        absent -> {
          var value = new AtomicLong();
          registry.gauge(name, value, AtomicLong::get, app(application));
          return value;
        });
  }

  private static Tag app(String application) {
    return new Tag("application", application);
  }
}
