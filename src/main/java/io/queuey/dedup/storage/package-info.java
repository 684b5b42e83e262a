/** Where idempotency keys are remembered: Cassandra, or memory for tests. */
package io.queuey.dedup.storage;
