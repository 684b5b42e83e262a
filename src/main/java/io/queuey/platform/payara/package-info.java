/**
 * What only Payara (and GlassFish) needs: the hook into Jersey, their JAX-RS, and the cleanup of
 * their OpenAPI output. Nothing else refers to a class of Jersey or Payara: {@link
 * io.queuey.platform.payara.Jersey} names them by string, so that another server (Open Liberty,
 * with RESTEasy) never loads them. Open Liberty needs nothing in the WAR; its part is
 * server-config/liberty/server.xml.
 */
package io.queuey.platform.payara;
