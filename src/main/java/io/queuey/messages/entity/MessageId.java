package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The id of a message: a version-1 (time-based) UUID, whose time is the message's timestamp.
 *
 * <p>Ids order exactly as Cassandra orders {@code timeuuid} values, so that what this type calls
 * lower is what the storage returns first.
 */
public record MessageId(UUID uuid) implements Comparable<MessageId> {

  /**
   * Least significant bits of the lowest id at a given time in Cassandra's order, which reads these
   * 8 bytes as signed: every byte is -128. The same constant as Cassandra's {@code minTimeUUID}.
   */
  static final long LOWEST_CLOCK_SEQ_AND_NODE = 0x8080808080808080L;

  /** Every byte 127: the highest, as in Cassandra's {@code maxTimeUUID}. */
  static final long HIGHEST_CLOCK_SEQ_AND_NODE = 0x7f7f7f7f7f7f7f7fL;

  /**
   * Flips the sign bit of bytes 1 to 7 but not of byte 0, so that a signed {@code Long.compare}
   * compares the 8 bytes one by one as signed bytes (Cassandra's {@code
   * TimeUUIDType.signedBytesToNativeLong}).
   */
  private static final long SIGNED_BYTES_TO_LONG_ORDER = 0x0080808080808080L;

  private static final int HEX_DIGITS = 32;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Only the version is enforced here: the bounds {@link #highestAt} builds are not of the IETF
   * variant, yet must be ids to be compared with ids. Clients' ids are held to the variant too, in
   * {@link #parse}.
   */
  public MessageId {
    Objects.requireNonNull(uuid, "uuid");
    if (uuid.version() != 1) {
      throw new IllegalArgumentException("not a version-1 UUID: " + uuid);
    }
  }

  /** An id read back from storage; throws {@link IllegalArgumentException} if not version 1. */
  public static MessageId of(UUID uuid) {
    return new MessageId(uuid);
  }

  /** Parses an id sent by a client: 32 hex digits of a version-1 UUID of the IETF variant. */
  public static MessageId parse(String field, String text) {
    if (text == null || text.length() != HEX_DIGITS || !isAsciiHex(text)) {
      throw new InvalidParameter(field, field + " must be a message id of 32 hexadecimal digits");
    }
    UUID uuid =
        new UUID(
            Long.parseUnsignedLong(text.substring(0, 16), 16),
            Long.parseUnsignedLong(text.substring(16), 16));
    if (uuid.version() != 1 || uuid.variant() != 2) {
      throw new InvalidParameter(field, field + " must be a version-1 (time-based) UUID");
    }
    return new MessageId(uuid);
  }

  // Long.parseUnsignedLong alone would accept a leading '+' and Character.digit other scripts.
  private static boolean isAsciiHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The id at the given time with the given clock sequence and node (the UUID's least significant
   * 64 bits, taken as they are, variant included).
   */
  public static MessageId at(Timestamp time, long clockSeqAndNode) {
    long uuidTime = time.ticks() + Timestamp.UUID_EPOCH_OFFSET;
    long timeLow = uuidTime & 0xFFFF_FFFFL;
    long timeMid = (uuidTime >>> 32) & 0xFFFFL;
    long timeHigh = (uuidTime >>> 48) & 0x0FFFL;
    long version1 = 0x1000L;
    return new MessageId(
        new UUID((timeLow << 32) | (timeMid << 16) | version1 | timeHigh, clockSeqAndNode));
  }

  /** The first id at this time in storage order: an inclusive lower bound for a range read. */
  public static MessageId lowestAt(Timestamp time) {
    return at(time, LOWEST_CLOCK_SEQ_AND_NODE);
  }

  /** The last id at this time in storage order: an inclusive upper bound for a range read. */
  public static MessageId highestAt(Timestamp time) {
    return at(time, HIGHEST_CLOCK_SEQ_AND_NODE);
  }

  public Timestamp timestamp() {
    return Timestamp.ofTicks(uuid.timestamp() - Timestamp.UUID_EPOCH_OFFSET);
  }

  /** The wire form: 32 lowercase hex digits without dashes. */
  public String hex() {
    return HEX.toHexDigits(uuid.getMostSignificantBits())
        + HEX.toHexDigits(uuid.getLeastSignificantBits());
  }

  @Override
  public String toString() {
    return hex();
  }

  /**
   * Cassandra's {@code timeuuid} order: by time, then by the least significant 8 bytes compared one
   * by one as signed bytes (not {@link UUID#compareTo}, which would disagree with the storage).
   */
  @Override
  public int compareTo(MessageId other) {
    int byTime = Long.compare(uuid.timestamp(), other.uuid.timestamp());
    if (byTime != 0) {
      return byTime;
    }
    return Long.compare(
        uuid.getLeastSignificantBits() ^ SIGNED_BYTES_TO_LONG_ORDER,
        other.uuid.getLeastSignificantBits() ^ SIGNED_BYTES_TO_LONG_ORDER);
  }
}
