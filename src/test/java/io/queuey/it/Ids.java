package io.queuey.it;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Message ids and timestamps as a client sees them, computed independently of the server's code:
 * version-1 UUIDs as 32 hex digits, timestamps as decimal seconds with 7 fractional digits.
 */
final class Ids {

  /** 100-ns ticks from the UUID epoch (1582-10-15) to the Unix epoch. */
  static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** The ticks (100 ns since the Unix epoch) of now, with a non-zero last digit. */
  static long nowTicks() {
    Instant now = Instant.now();
    long ticks = now.getEpochSecond() * 10_000_000L + now.getNano() / 100;
    return ticks - ticks % 10 + 7;
  }

  /** A version-1 UUID of the IETF variant at this time, with a random clock sequence and node. */
  static String v1At(long unixTicks) {
    return v1At(unixTicks, (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  /** A version-1 UUID at this time with these clock sequence and node bits (variant included). */
  static String v1At(long unixTicks, long clockSeqAndNode) {
    long time = unixTicks + UUID_EPOCH_OFFSET;
    long timeLow = time & 0xFFFF_FFFFL;
    long timeMid = (time >>> 32) & 0xFFFFL;
    long timeHigh = (time >>> 48) & 0x0FFFL;
    long msb = (timeLow << 32) | (timeMid << 16) | 0x1000L | timeHigh;
    return hex(new UUID(msb, clockSeqAndNode));
  }

  /** A version-4 (random) UUID: well-formed hex, but not a message id. */
  static String v4() {
    return hex(UUID.randomUUID());
  }

  static String hex(UUID uuid) {
    return HexFormat.of().toHexDigits(uuid.getMostSignificantBits())
        + HexFormat.of().toHexDigits(uuid.getLeastSignificantBits());
  }

  static UUID uuid(String hex) {
    return new UUID(
        Long.parseUnsignedLong(hex.substring(0, 16), 16),
        Long.parseUnsignedLong(hex.substring(16), 16));
  }

  /** The timestamp of API.md for these ticks: seconds with exactly 7 fractional digits. */
  static String wire(long unixTicks) {
    return BigDecimal.valueOf(unixTicks, 7).toPlainString();
  }

  /** The exact time of a version-1 id, as API.md writes a timestamp. */
  static String timestampOf(String hex) {
    return wire(uuid(hex).timestamp() - UUID_EPOCH_OFFSET);
  }
}
