/**
 * The web console: static files (HTML, CSS, ES modules) served from the WAR at {@code /console/};
 * the page itself talks only to the public API.
 */
package io.queuey.console;
