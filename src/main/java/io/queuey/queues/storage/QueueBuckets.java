package io.queuey.queues.storage;

import io.queuey.queues.entity.QueueName;

/**
 * Which bucket (Cassandra partition) of its application a queue's metadata lives in. The function
 * must never change for a deployment's data, and neither may the number of buckets: a queue is
 * found by computing its bucket.
 */
public final class QueueBuckets {

  private QueueBuckets() {}

  public static int of(QueueName name, int buckets) {
    // String.hashCode is specified by the JDK, so every instance and version agrees on it; the
    // mixing (MurmurHash3's finalizer) spreads names that differ only in their last characters.
    int h = name.value().hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Integer.remainderUnsigned(h, buckets);
  }
}
