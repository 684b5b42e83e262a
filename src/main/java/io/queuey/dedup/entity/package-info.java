/** Idempotency keys and the posts they stand for. */
package io.queuey.dedup.entity;
