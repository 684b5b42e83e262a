package io.queuey.stats.control;

import io.queuey.stats.entity.Interval;
import io.queuey.stats.entity.Traffic;
import java.util.ArrayList;

/**
 * A ring of {@link #INTERVALS} intervals of {@link #INTERVAL_SECONDS} seconds each, counting posted
 * and read messages. A slot is reused when time comes back round to it, so nothing needs clearing.
 * Methods are synchronized: the critical sections are a few array accesses, so even a queue posted
 * to by every request thread at once waits nanoseconds.
 */
final class RateWindow {

  static final int INTERVAL_SECONDS = 10;
  static final int INTERVALS = 30;

  /** The rates per second are taken over the last this many complete intervals (a minute). */
  static final int RATE_INTERVALS = 6;

  private final long[] intervalOfSlot = new long[INTERVALS];
  private final long[] posted = new long[INTERVALS];
  private final long[] read = new long[INTERVALS];
  private long lastInterval = Long.MIN_VALUE;

  RateWindow() {
    java.util.Arrays.fill(intervalOfSlot, Long.MIN_VALUE);
  }

  static long intervalOf(long epochMillis) {
    return Math.floorDiv(epochMillis, INTERVAL_SECONDS * 1000L);
  }

  synchronized void add(long interval, long postedCount, long readCount) {
    int slot = (int) Math.floorMod(interval, INTERVALS);
    if (intervalOfSlot[slot] != interval) {
      intervalOfSlot[slot] = interval;
      posted[slot] = 0;
      read[slot] = 0;
    }
    posted[slot] += postedCount;
    read[slot] += readCount;
    lastInterval = Math.max(lastInterval, interval);
  }

  /** Whether anything was counted within the window that ends with {@code currentInterval}. */
  synchronized boolean activeAt(long currentInterval) {
    return lastInterval > currentInterval - INTERVALS;
  }

  /** The window ending with {@code currentInterval}, oldest interval first. */
  synchronized Traffic traffic(long currentInterval) {
    var intervals = new ArrayList<Interval>(INTERVALS);
    long postedLastMinute = 0;
    long readLastMinute = 0;
    for (long interval = currentInterval - INTERVALS + 1; interval <= currentInterval; interval++) {
      int slot = (int) Math.floorMod(interval, INTERVALS);
      boolean counted = intervalOfSlot[slot] == interval;
      long postedThen = counted ? posted[slot] : 0;
      long readThen = counted ? read[slot] : 0;
      intervals.add(new Interval(interval * INTERVAL_SECONDS, postedThen, readThen));
      if (interval < currentInterval && interval >= currentInterval - RATE_INTERVALS) {
        postedLastMinute += postedThen;
        readLastMinute += readThen;
      }
    }
    double seconds = RATE_INTERVALS * INTERVAL_SECONDS;
    return new Traffic(intervals, postedLastMinute / seconds, readLastMinute / seconds);
  }
}
