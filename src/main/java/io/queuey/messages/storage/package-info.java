/** The message stores: Cassandra (the product) and in-memory (tests, quick dev mode). */
package io.queuey.messages.storage;
