package io.queuey.stats.entity;

/**
 * The messages posted and read in one interval of a rolling window, which starts at {@code
 * startSecond} (epoch seconds).
 */
public record Interval(long startSecond, long posted, long read) {}
