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
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

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

  void claimed(String application, List<Delivery> delivered, long nanos) {
    Tag app = app(application);
    registry.counter("queuey_group_claims", app).inc();
    registry.counter("queuey_group_delivered", app).inc(delivered.size());
    long again = delivered.stream().filter(delivery -> delivery.deliveries() > 1).count();
    if (again > 0) {
      registry.counter("queuey_group_redeliveries", app).inc(again);
    }
    registry.timer("queuey_group_claim_latency", app).update(Duration.ofNanos(nanos));
  }

  void lwts(String application, int lwts, int retries) {
    if (lwts > 0) {
      registry.counter("queuey_group_lwts", app(application)).inc(lwts);
    }
    if (retries > 0) {
      registry.counter("queuey_group_cas_retries", app(application)).inc(retries);
    }
  }

  void acked(String application, int done) {
    registry.counter("queuey_group_acks", app(application)).inc(done);
  }

  void deadLettered(String application, int messages) {
    registry.counter("queuey_group_dead_lettered", app(application)).inc(messages);
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
