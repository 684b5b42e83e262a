/**
 * Adapters that keep queue metadata: in Cassandra (the product) and in memory (tests, dev mode).
 */
package io.queuey.queues.storage;
