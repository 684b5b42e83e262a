package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Timestamp;

/**
 * The time buckets of a group's delivery state: the same widths and names as the message tables'
 * ({@code queuey.messages.bucket-seconds}), a bucket named by its first second since the epoch, so
 * that the bucket of a lease follows from its message id (and a receipt needs no bucket of its
 * own).
 */
public record Buckets(long widthSeconds) {

  private static final long TICKS_PER_SECOND = 10_000_000L;
  private static final long MIN_SECOND = Math.floorDiv(Timestamp.MIN.ticks(), TICKS_PER_SECOND);
  private static final long MAX_SECOND = Math.floorDiv(Timestamp.MAX.ticks(), TICKS_PER_SECOND);

  public Buckets {
    if (widthSeconds < 1) {
      throw new IllegalArgumentException("a bucket is at least one second: " + widthSeconds);
    }
  }

  public long of(Timestamp time) {
    return Math.floorDiv(time.toInstant().getEpochSecond(), widthSeconds) * widthSeconds;
  }

  public long of(MessageId id) {
    return of(id.timestamp());
  }

  public long next(long bucket) {
    return bucket + widthSeconds;
  }

  /** The lowest id a message of the bucket can have. */
  public MessageId firstId(long bucket) {
    return MessageId.lowestAt(first(bucket));
  }

  /** The highest id a message of the bucket can have: a dispatch mark there passed all of it. */
  public MessageId lastId(long bucket) {
    return MessageId.highestAt(last(bucket));
  }

  /** The last instant (tick) of the bucket, within the range of a message id. */
  public Timestamp last(long bucket) {
    long end = next(bucket);
    return end > MAX_SECOND ? Timestamp.MAX : Timestamp.ofTicks(end * TICKS_PER_SECOND - 1);
  }

  /** The first instant of the bucket, within the range of a message id. */
  public Timestamp first(long bucket) {
    return bucket < MIN_SECOND + 1 ? Timestamp.MIN : Timestamp.ofTicks(bucket * TICKS_PER_SECOND);
  }
}
