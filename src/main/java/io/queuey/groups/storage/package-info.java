/** Where groups and their deliveries are kept: Cassandra, or memory for tests. */
package io.queuey.groups.storage;
