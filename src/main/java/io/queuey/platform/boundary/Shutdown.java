package io.queuey.platform.boundary;

import io.queuey.observability.control.InFlightRequests;
import io.queuey.platform.RequestsDrained;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * A graceful stop: when the WAR is stopped (Payara does so on SIGTERM), new requests are turned
 * away, the ones in flight may finish within the grace period, and only then is {@link
 * RequestsDrained} fired, on which the Cassandra session closes. A servlet listener, as Payara
 * Micro does not destroy CDI beans on shutdown.
 */
@WebListener
public class Shutdown implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(Shutdown.class.getName());

  @Inject InFlightRequests inFlight;
  @Inject Event<RequestsDrained> drained;

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    LOG.info("Stopping: letting requests in flight finish");
    inFlight.drain();
    drained.fire(new RequestsDrained());
  }
}
