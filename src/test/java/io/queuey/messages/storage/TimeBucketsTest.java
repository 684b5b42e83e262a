package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.messages.entity.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBucketsTest {

  @Test
  void bucketIsNamedByItsFirstSecond() {
    Timestamp time = Timestamp.ofInstant(Instant.parse("2025-03-04T05:06:07.8901234Z"));

    assertEquals(
        Instant.parse("2025-03-04T05:00:00Z").getEpochSecond(), TimeBuckets.bucketOf(time, 3600));
    assertEquals(
        Instant.parse("2025-03-04T05:06:07Z").getEpochSecond(), TimeBuckets.bucketOf(time, 1));
  }

  @Test
  void firstAndLastTickOfABucketShareIt() {
    Timestamp first = Timestamp.ofInstant(Instant.ofEpochSecond(7200));
    Timestamp last = Timestamp.ofTicks(first.ticks() + 3600L * 10_000_000L - 1);
    Timestamp next = Timestamp.ofTicks(last.ticks() + 1);

    assertEquals(7200, TimeBuckets.bucketOf(first, 3600));
    assertEquals(7200, TimeBuckets.bucketOf(last, 3600));
    assertEquals(10800, TimeBuckets.bucketOf(next, 3600));
  }

  @Test
  void timesBeforeTheEpochFallIntoEarlierBuckets() {
    assertEquals(-3600, TimeBuckets.bucketOf(Timestamp.ofTicks(-1), 3600));
    assertEquals(0, TimeBuckets.bucketOf(Timestamp.ofTicks(0), 3600));
    long earliest = TimeBuckets.bucketOf(Timestamp.MIN, 3600);
    assertEquals(0, Math.floorMod(earliest, 3600));
  }

  @Test
  void roundUpReachesTheNextMultipleUnlessAlreadyOnOne() {
    assertEquals(7200, TimeBuckets.roundUp(3601, 3600));
    assertEquals(3600, TimeBuckets.roundUp(3600, 3600));
    assertEquals(0, TimeBuckets.roundUp(-3599, 3600));
  }

  @Test
  void widthMustBeAtLeastOneSecond() {
    assertThrows(IllegalArgumentException.class, () -> TimeBuckets.bucketOf(Timestamp.now(), 0));
    assertThrows(IllegalArgumentException.class, () -> TimeBuckets.roundUp(10, -1));
  }
}
