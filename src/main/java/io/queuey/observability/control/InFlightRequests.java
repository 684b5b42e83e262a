package io.queuey.observability.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The requests being served, so that a shutdown can let them finish (within a grace period) before
 * the Cassandra session they need is closed, and can turn new ones away meanwhile. Their number is
 * the gauge {@code queuey_requests_in_flight}.
 */
@ApplicationScoped
public class InFlightRequests {

  private static final Logger LOG = Logger.getLogger(InFlightRequests.class.getName());
  private static final long DRAIN_POLL_MILLIS = 20;

  @Inject
  @ConfigProperty(name = "queuey.shutdown.grace-seconds", defaultValue = "20")
  long graceSeconds;

  /** Counted without a lock: every request passes here, twice. */
  private final AtomicInteger inFlight = new AtomicInteger();

  private volatile boolean draining;

  @Inject MetricRegistry registry;

  /** Registered once; a scrape reads the counter, a request never touches the registry. */
  @PostConstruct
  void registerGauge() {
    registry.gauge("queuey_requests_in_flight", inFlight, AtomicInteger::get);
  }

  /** False once draining: the caller must then refuse the request. */
  public boolean enter() {
    if (draining) {
      return false;
    }
    // A request that gets past the check just as draining starts is counted before drain() looks
    // at the count (drain sets the flag first, then polls the count), so it is waited for.
    inFlight.incrementAndGet();
    return true;
  }

  /** True from the start of a shutdown: readiness goes DOWN so that load balancers move on. */
  public boolean isDraining() {
    return draining;
  }

  public void leave() {
    inFlight.decrementAndGet();
  }

  /**
   * Refuses new requests from now on and waits until those in flight are done, or the grace period
   * is over. It polls: leave() stays a single atomic decrement.
   */
  public void drain() {
    long deadline = System.nanoTime() + Duration.ofSeconds(graceSeconds).toNanos();
    draining = true;
    while (inFlight.get() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        LOG.warning(
            () -> inFlight.get() + " requests were still in flight when the grace period ended");
        return;
      }
      try {
        Thread.sleep(DRAIN_POLL_MILLIS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.info("All requests in flight are done");
  }
}
