/** The servlet filter that turns the Authorization header into a caller. */
package io.queuey.auth.boundary;
