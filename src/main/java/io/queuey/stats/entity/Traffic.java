package io.queuey.stats.entity;

import java.util.List;

/**
 * The traffic of a queue or an application over the window: its intervals, oldest first, the last
 * one being the current (still partial) interval; and the rates per second over the last complete
 * minute.
 */
public record Traffic(List<Interval> intervals, double postedPerSecond, double readPerSecond) {

  public Traffic {
    intervals = List.copyOf(intervals);
  }

  public long posted() {
    return intervals.stream().mapToLong(Interval::posted).sum();
  }

  public long read() {
    return intervals.stream().mapToLong(Interval::read).sum();
  }
}
