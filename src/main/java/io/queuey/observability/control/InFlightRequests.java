package io.queuey.observability.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The requests being served, so that a shutdown can let them finish (within a grace period) before
 * the Cassandra session they need is closed, and can turn new ones away meanwhile.
 */
@ApplicationScoped
public class InFlightRequests {

  private static final Logger LOG = Logger.getLogger(InFlightRequests.class.getName());

  @Inject
  @ConfigProperty(name = "queuey.shutdown.grace-seconds", defaultValue = "20")
  long graceSeconds;

  private final Object lock = new Object();
  private int inFlight;
  private boolean draining;

  /** False once draining: the caller must then refuse the request. */
  public boolean enter() {
    synchronized (lock) {
      if (draining) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  /** True from the start of a shutdown: readiness goes DOWN so that load balancers move on. */
  public boolean isDraining() {
    synchronized (lock) {
      return draining;
    }
  }

  public void leave() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }

  /**
   * Refuses new requests from now on and waits until those in flight are done, or the grace period
   * is over.
   */
  public void drain() {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(graceSeconds));
    synchronized (lock) {
      draining = true;
      while (inFlight > 0) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          LOG.warning(
              () -> inFlight + " requests were still in flight when the grace period ended");
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    LOG.info("All requests in flight are done");
  }
}
