package io.queuey.platform.payara;

import io.queuey.observability.control.InFlightRequests;
import jakarta.enterprise.inject.spi.CDI;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;
import org.glassfish.jersey.server.spi.Container;

/**
 * Drains the requests in flight when Jersey (the JAX-RS of Payara and GlassFish) shuts down. The
 * servlet container stops its servlets before it notifies listeners such as {@link
 * io.queuey.platform.boundary.Shutdown}, and an asynchronous request still waiting for Cassandra
 * can no longer be answered once Jersey is gone; this runs first. Registered by class name in
 * {@link Jersey}, so that other JAX-RS implementations never load it.
 */
public class JerseyShutdown extends AbstractContainerLifecycleListener {

  @Override
  public void onShutdown(Container container) {
    CDI.current().select(InFlightRequests.class).get().drain();
  }
}
