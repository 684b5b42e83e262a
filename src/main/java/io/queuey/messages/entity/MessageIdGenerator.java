package io.queuey.messages.entity;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

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
  private final AtomicLong lastTicks = new AtomicLong(Long.MIN_VALUE);

  public MessageIdGenerator() {
    SecureRandom random = new SecureRandom();
    long clockSeq = random.nextLong() & CLOCK_SEQ_BITS;
    long node = (random.nextLong() & NODE_BITS) | MULTICAST_BIT;
    this.clockSeqAndNode = IETF_VARIANT | (clockSeq << 48) | node;
  }

  public MessageId next() {
    while (true) {
      long last = lastTicks.get();
      long ticks = Math.max(Timestamp.now().ticks(), last + 1);
      if (lastTicks.compareAndSet(last, ticks)) {
        return MessageId.at(Timestamp.ofTicks(ticks), clockSeqAndNode);
      }
    }
  }
}
