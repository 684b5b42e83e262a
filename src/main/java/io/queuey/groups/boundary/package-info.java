/** The HTTP calls of consumer groups. */
package io.queuey.groups.boundary;
