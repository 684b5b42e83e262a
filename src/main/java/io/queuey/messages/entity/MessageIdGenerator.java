package io.queuey.messages.entity;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Makes the ids of new messages: version-1 UUIDs, strictly increasing within this generator even
 * when the clock stands still or steps back, so that two messages posted by this JVM never share an
 * id and are read back in the order they were posted. Thread-safe.
 *
 * <p>The node is random rather than a MAC address (RFC 4122 §4.5, multicast bit set so it cannot
 * clash with a real one), so that ids reveal nothing about the host and several servers on one
 * machine do not collide.
 */
public final class MessageIdGenerator {

  private static final long IETF_VARIANT = 0x8000_0000_0000_0000L;
  private static final long MULTICAST_BIT = 1L << 40;
  private static final long NODE_BITS = (1L << 48) - 1;
  private static final long CLOCK_SEQ_BITS = (1L << 14) - 1;

  private final long clockSeqAndNode;
  private final LongSupplier clockTicks;
  private final AtomicLong lastTicks = new AtomicLong(Long.MIN_VALUE);

  public MessageIdGenerator() {
    this(() -> Timestamp.now().ticks());
  }

  /** With a clock of 100-ns ticks since the epoch: for tests. */
  MessageIdGenerator(LongSupplier clockTicks) {
    this.clockTicks = clockTicks;
    SecureRandom random = new SecureRandom();
    long clockSeq = random.nextLong() & CLOCK_SEQ_BITS;
    long node = (random.nextLong() & NODE_BITS) | MULTICAST_BIT;
    this.clockSeqAndNode = IETF_VARIANT | (clockSeq << 48) | node;
  }

  public MessageId next() {
    return next(1).get(0);
  }

  /**
   * {@code count} ids, consecutive and all within one second of the clock, so that the messages of
   * one batch to one queue partition share a time bucket (buckets are whole seconds) and so one
   * Cassandra partition, whose batch is atomic at any size. A run that would cross a second starts
   * at the next one instead, at most {@code count} ticks (100 ns each) ahead of the clock.
   */
  public List<MessageId> next(int count) {
    if (count < 1 || count > Timestamp.TICKS_PER_SECOND) {
      throw new IllegalArgumentException("between 1 and a second of ids at once: " + count);
    }
    long first;
    while (true) {
      long last = lastTicks.get();
      first = Math.max(clockTicks.getAsLong(), last + 1);
      long lastOfRun = first + count - 1;
      if (Math.floorDiv(first, Timestamp.TICKS_PER_SECOND)
          != Math.floorDiv(lastOfRun, Timestamp.TICKS_PER_SECOND)) {
        first = Math.floorDiv(lastOfRun, Timestamp.TICKS_PER_SECOND) * Timestamp.TICKS_PER_SECOND;
        lastOfRun = first + count - 1;
      }
      if (lastTicks.compareAndSet(last, lastOfRun)) {
        break;
      }
    }
    var ids = new ArrayList<MessageId>(count);
    for (int i = 0; i < count; i++) {
      ids.add(MessageId.at(Timestamp.ofTicks(first + i), clockSeqAndNode));
    }
    return ids;
  }
}
