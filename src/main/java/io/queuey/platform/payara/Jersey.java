package io.queuey.platform.payara;

import java.util.Map;

/**
 * The properties of the JAX-RS application that only Jersey reads; other implementations ignore
 * them. Classes are named by string, never by class literal: a literal would load {@link
 * JerseyShutdown}, whose superclass exists only in Jersey, and so break the JAX-RS application on
 * any other server (RESTEasy on Open Liberty fails with {@code NoClassDefFoundError}).
 */
public final class Jersey {

  /**
   * No WADL: Jersey would otherwise answer a plain {@code OPTIONS} (one without the CORS preflight
   * headers) with an XML description of every resource, where API.md wants every body to be JSON.
   * Without it, such an {@code OPTIONS} is a 204 with an {@code Allow} header. And {@link
   * JerseyShutdown}, by name.
   */
  public static final Map<String, Object> PROPERTIES =
      Map.of(
          "jersey.config.server.wadl.disableWadl",
          true,
          "jersey.config.server.provider.classnames",
          "io.queuey.platform.payara.JerseyShutdown");

  private Jersey() {}
}
