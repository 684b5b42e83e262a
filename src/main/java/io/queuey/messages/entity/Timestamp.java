package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An exact point in time, in 100-nanosecond ticks since the Unix epoch: the resolution of a
 * version-1 UUID, so that a message's timestamp and its id always agree.
 *
 * <p>Every timestamp lies in the range a version-1 UUID can carry (from 1582-10-15 to about the
 * year 5236), so that any of them, including a client's {@code since}, can be turned into an id
 * bound without a further check.
 */
public record Timestamp(long ticks) implements Comparable<Timestamp> {

  static final long TICKS_PER_SECOND = 10_000_000L;
  private static final long TICKS_PER_MILLI = 10_000L;
  private static final int FRACTION_DIGITS = 7;

  /** Ticks from the UUID epoch (1582-10-15) to the Unix epoch. */
  static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  /** The earliest time a version-1 UUID can carry. */
  public static final Timestamp MIN = new Timestamp(-UUID_EPOCH_OFFSET);

  /** The latest time a version-1 UUID can carry: its time field has 60 bits. */
  public static final Timestamp MAX = new Timestamp((1L << 60) - 1 - UUID_EPOCH_OFFSET);

  public Timestamp {
    if (ticks < -UUID_EPOCH_OFFSET || ticks > (1L << 60) - 1 - UUID_EPOCH_OFFSET) {
      throw new IllegalArgumentException("outside the range of a version-1 UUID: " + ticks);
    }
  }

  public static Timestamp ofTicks(long ticks) {
    return new Timestamp(ticks);
  }

  public static Timestamp now() {
    return ofInstant(Instant.now());
  }

  /** Truncates to the tick, as a UUID would. */
  public static Timestamp ofInstant(Instant instant) {
    return new Timestamp(
        Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND),
            instant.getNano() / 100));
  }

  public static Timestamp ofEpochMillis(long epochMillis) {
    return new Timestamp(Math.multiplyExact(epochMillis, TICKS_PER_MILLI));
  }

  /** Rounds down (towards the past), so that a time in the same millisecond is never later. */
  public long epochMillis() {
    return Math.floorDiv(ticks, TICKS_PER_MILLI);
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(
        Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
  }

  /**
   * Parses decimal seconds such as {@code 1323976306.98}, as sent in {@code since}.
   *
   * <p>Digits beyond the tick round up, because {@code since} is an inclusive lower bound: rounding
   * down would let in a message that is earlier than the time asked for.
   */
  public static Timestamp parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidParameter(field, field + " must be a number of seconds since the epoch");
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (whole.isEmpty()
        || (dot >= 0 && fraction.isEmpty())
        || !isAsciiDigits(whole)
        || !isAsciiDigits(fraction)) {
      throw new InvalidParameter(
          field,
          field + " must be a number of seconds since the epoch, such as 1323976306.9888890");
    }
    long ticks;
    try {
      long seconds = 0;
      for (int i = 0; i < whole.length(); i++) {
        seconds = Math.addExact(Math.multiplyExact(seconds, 10), whole.charAt(i) - '0');
      }
      long subSecond = 0;
      for (int i = 0; i < FRACTION_DIGITS; i++) {
        subSecond = subSecond * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
      }
      ticks = Math.addExact(Math.multiplyExact(seconds, TICKS_PER_SECOND), subSecond);
      for (int i = FRACTION_DIGITS; i < fraction.length(); i++) {
        if (fraction.charAt(i) != '0') {
          ticks = Math.addExact(ticks, 1);
          break;
        }
      }
    } catch (ArithmeticException overflow) {
      throw tooLate(field);
    }
    if (ticks > MAX.ticks) {
      throw tooLate(field);
    }
    return new Timestamp(ticks);
  }

  private static InvalidParameter tooLate(String field) {
    return new InvalidParameter(field, field + " is too far in the future to be a message time");
  }

  // Character.isDigit would let in digits of other scripts, which no client means to send.
  private static boolean isAsciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Seconds with exactly 7 fractional digits, e.g. {@code 1323976306.9888890}. */
  public String wire() {
    // BigDecimal keeps every digit: a double would lose the last ones of today's times.
    return BigDecimal.valueOf(ticks, FRACTION_DIGITS).toPlainString();
  }

  @Override
  public String toString() {
    return wire();
  }

  @Override
  public int compareTo(Timestamp other) {
    return Long.compare(ticks, other.ticks);
  }
}
