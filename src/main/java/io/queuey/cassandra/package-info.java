/** The Cassandra session of the WAR: settings, connecting in the background, schema, readiness. */
package io.queuey.cassandra;
