/** The throughput, latency and scale benchmark of Queuey against the raw Cassandra driver. */
package io.queuey.bench;
