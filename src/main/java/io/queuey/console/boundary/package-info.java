/** The servlet that serves the console's files, with their security headers. */
package io.queuey.console.boundary;
