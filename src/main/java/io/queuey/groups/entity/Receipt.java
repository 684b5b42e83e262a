package io.queuey.groups.entity;

import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Partition;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Names one delivery: the group incarnation, the generation, the partition, the message and the
 * lease token, as 108 hex digits. Opaque to clients; everything needed to find and check the lease
 * is in it, so no instance has to remember it.
 */
public record Receipt(UUID groupId, int generation, Partition partition, MessageId id, UUID lease) {

  private static final int BYTES = 16 + 4 + 2 + 16 + 16;
  private static final HexFormat HEX = HexFormat.of();

  public Receipt {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lease, "lease");
  }

  public String wire() {
    ByteBuffer buffer = ByteBuffer.allocate(BYTES);
    buffer.putLong(groupId.getMostSignificantBits()).putLong(groupId.getLeastSignificantBits());
    buffer.putInt(generation);
    buffer.putShort((short) partition.number());
    buffer.putLong(id.uuid().getMostSignificantBits()).putLong(id.uuid().getLeastSignificantBits());
    buffer.putLong(lease.getMostSignificantBits()).putLong(lease.getLeastSignificantBits());
    return HEX.formatHex(buffer.array());
  }

  /** The receipt, or empty for text that is not one (a receipt "unknown" to every group). */
  public static Optional<Receipt> tryParse(String text) {
    if (text == null || text.length() != BYTES * 2) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException notHex) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    UUID group = new UUID(buffer.getLong(), buffer.getLong());
    int generation = buffer.getInt();
    int partition = Short.toUnsignedInt(buffer.getShort());
    UUID message = new UUID(buffer.getLong(), buffer.getLong());
    UUID lease = new UUID(buffer.getLong(), buffer.getLong());
    if (partition < 1 || message.version() != 1 || lease.version() != 1) {
      return Optional.empty();
    }
    return Optional.of(
        new Receipt(group, generation, Partition.of(partition), MessageId.of(message), lease));
  }
}
