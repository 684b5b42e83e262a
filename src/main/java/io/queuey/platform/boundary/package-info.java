/** HTTP plumbing shared by every feature: the JAX-RS application, request parameters, bodies. */
package io.queuey.platform.boundary;
