package io.queuey.messages.storage;

import io.queuey.messages.entity.Timestamp;

/**
 * Time arithmetic of the message tables. A bucket is named by its first second since the epoch, so
 * that a bucket value read back from storage says what it covers on its own.
 */
public final class TimeBuckets {

  private TimeBuckets() {}

  /** The first second of the bucket of {@code widthSeconds} that holds {@code time}. */
  public static long bucketOf(Timestamp time, long widthSeconds) {
    requirePositive(widthSeconds);
    // toInstant rounds towards the past, as floorDiv does: times before 1970 stay in order.
    long epochSecond = time.toInstant().getEpochSecond();
    return Math.floorDiv(epochSecond, widthSeconds) * widthSeconds;
  }

  /** {@code epochSecond} rounded up to a whole multiple of {@code granularitySeconds}. */
  public static long roundUp(long epochSecond, long granularitySeconds) {
    requirePositive(granularitySeconds);
    return -Math.floorDiv(-epochSecond, granularitySeconds) * granularitySeconds;
  }

  private static void requirePositive(long seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("a width must be at least one second: " + seconds);
    }
  }
}
