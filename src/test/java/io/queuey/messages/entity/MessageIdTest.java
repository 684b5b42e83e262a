package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdTest {

  /** The example id of API.md; its time was worked out independently (Python's uuid module). */
  private static final String EXAMPLE = "3a6592301e0911e190b1002500f0fa7c";

  @Test
  void messageIdRoundTripsThroughHex() {
    MessageId id = MessageId.parse("message_id", EXAMPLE);

    assertEquals(EXAMPLE, id.hex());
    assertEquals(EXAMPLE, id.toString());
    assertEquals(UUID.fromString("3a659230-1e09-11e1-90b1-002500f0fa7c"), id.uuid());
  }

  @Test
  void uppercaseHexIsAcceptedAndWrittenInLowercase() {
    assertEquals(EXAMPLE, MessageId.parse("message_id", EXAMPLE.toUpperCase()).hex());
  }

  @Test
  void hexKeepsLeadingZeros() {
    MessageId id = MessageId.at(Timestamp.MIN, 0x8000000000000001L);

    assertEquals("00000000000010008000000000000001", id.hex());
    assertEquals(id, MessageId.parse("message_id", id.hex()));
  }

  @Test
  void timestampOfIdIsTheUuidTimeSinceTheUnixEpoch() {
    MessageId id = MessageId.parse("message_id", EXAMPLE);

    assertEquals("1322956078.1099568", id.timestamp().wire());
    assertEquals(id.uuid().timestamp() - 0x01B21DD213814000L, id.timestamp().ticks());
  }

  @Test
  void idBuiltAtATimeCarriesExactlyThatTime() {
    for (Timestamp t :
        List.of(
            Timestamp.ofTicks(13_239_763_069_888_890L),
            Timestamp.ofTicks(0),
            Timestamp.MIN,
            Timestamp.MAX)) {
      MessageId id = MessageId.at(t, 0x9234_5678_9abc_def0L);

      assertEquals(1, id.uuid().version());
      assertEquals(t, id.timestamp());
      assertEquals(0x9234_5678_9abc_def0L, id.uuid().getLeastSignificantBits());
    }
  }

  @Test
  void messageIdOfVersion4IsRejected() {
    String version4 = UUID.randomUUID().toString().replace("-", "");

    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> MessageId.parse("message_id", version4));
    assertEquals(Set.of("message_id"), ex.errors().keySet());
    assertThrows(IllegalArgumentException.class, () -> MessageId.of(UUID.randomUUID()));
  }

  @Test
  void messageIdOfAnotherVariantIsRejected() {
    String microsoftVariant = "3a6592301e0911e1d0b1002500f0fa7c";
    String ncsVariant = "3a6592301e0911e110b1002500f0fa7c";

    for (String text : new String[] {microsoftVariant, ncsVariant}) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> MessageId.parse("since", text), text);
      assertEquals(Set.of("since"), ex.errors().keySet(), text);
    }
  }

  @Test
  void malformedMessageIdsAreRejectedUnderTheGivenKey() {
    String[] malformed = {
      "",
      EXAMPLE.substring(1),
      EXAMPLE + "0",
      "3a659230-1e09-11e1-90b1-002500f0fa7c",
      "3a6592301e0911e190b1002500f0fa7g",
      "+a6592301e0911e190b1002500f0fa7c",
      "3a6592301e0911e1+0b1002500f0fa7c",
      " a6592301e0911e190b1002500f0fa7c",
      "３a6592301e0911e190b1002500f0fa7c"
    };
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> MessageId.parse("message_id", text), text);
      assertEquals(Set.of("message_id"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> MessageId.parse("message_id", null));
    assertEquals(Set.of("message_id"), absent.errors().keySet());
  }

  @Test
  void idOrderMatchesCassandraTimeuuidOrder() {
    Random random = new Random(42);
    long[] interestingBytes = {0x00, 0x01, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff};
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      long lsb = 0;
      for (int b = 0; b < 8; b++) {
        long value =
            random.nextBoolean()
                ? interestingBytes[random.nextInt(interestingBytes.length)]
                : random.nextInt(256);
        lsb = (lsb << 8) | value;
      }
      // Few distinct times, so that most pairs are decided by the lsb.
      ids.add(MessageId.at(Timestamp.ofTicks(random.nextInt(3)), lsb));
    }
    for (MessageId a : ids.subList(0, 300)) {
      for (MessageId b : ids) {
        assertEquals(
            Integer.signum(cassandraTimeuuidCompare(a, b)),
            Integer.signum(a.compareTo(b)),
            a + " vs " + b);
      }
    }
  }

  @Test
  void idsWhoseFirstLsbByteDiffersInSignOrderAsSignedBytes() {
    // Byte 0x80 is -128 and 0x7f is 127 to Cassandra: an unsigned comparison gets this wrong.
    MessageId negativeFirstByte = MessageId.at(Timestamp.ofTicks(7), 0x8000000000000000L);
    MessageId positiveFirstByte = MessageId.at(Timestamp.ofTicks(7), 0x7f00000000000000L);

    assertTrue(negativeFirstByte.compareTo(positiveFirstByte) < 0);
    assertTrue(positiveFirstByte.compareTo(negativeFirstByte) > 0);
  }

  @Test
  void idsOrderByTimeBeforeTheirOtherBytes() {
    MessageId earlierWithHighestBytes = MessageId.highestAt(Timestamp.ofTicks(100));
    MessageId laterWithLowestBytes = MessageId.lowestAt(Timestamp.ofTicks(101));

    assertTrue(earlierWithHighestBytes.compareTo(laterWithLowestBytes) < 0);
  }

  @Test
  void idsOrderByTheFullSixtyBitTime() {
    // Times differing only in the high bits, which sit last in the UUID's first 8 bytes.
    MessageId early = MessageId.at(Timestamp.ofTicks(1L << 56), 0x8000000000000000L);
    MessageId late = MessageId.at(Timestamp.ofTicks(1L << 57), 0x8000000000000000L);
    MessageId lowTimeBitsSet = MessageId.at(Timestamp.ofTicks((1L << 56) + 0xffff), 0);

    assertTrue(early.compareTo(late) < 0);
    assertTrue(early.compareTo(lowTimeBitsSet) < 0);
    assertTrue(lowTimeBitsSet.compareTo(late) < 0);
  }

  @Test
  void lowestAndHighestAtATimeBoundEveryIdAtThatTime() {
    Timestamp t = Timestamp.ofTicks(13_239_763_069_888_890L);
    MessageId lowest = MessageId.lowestAt(t);
    MessageId highest = MessageId.highestAt(t);
    Random random = new Random(7);

    assertEquals(0x8080808080808080L, lowest.uuid().getLeastSignificantBits());
    assertEquals(0x7f7f7f7f7f7f7f7fL, highest.uuid().getLeastSignificantBits());
    assertEquals(t, lowest.timestamp());
    assertEquals(t, highest.timestamp());
    for (int i = 0; i < 10_000; i++) {
      MessageId id = MessageId.at(t, random.nextLong());
      assertTrue(lowest.compareTo(id) <= 0, id::hex);
      assertTrue(highest.compareTo(id) >= 0, id::hex);
    }
    assertTrue(MessageId.highestAt(Timestamp.ofTicks(t.ticks() - 1)).compareTo(lowest) < 0);
    assertTrue(MessageId.lowestAt(Timestamp.ofTicks(t.ticks() + 1)).compareTo(highest) > 0);
  }

  @Test
  void compareToAgreesWithEquals() {
    MessageId a = MessageId.parse("message_id", EXAMPLE);
    MessageId same = MessageId.of(a.uuid());
    MessageId other = MessageId.at(a.timestamp(), a.uuid().getLeastSignificantBits() + 1);

    assertEquals(0, a.compareTo(same));
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());
    assertNotEquals(0, a.compareTo(other));
    assertNotEquals(a, other);
  }

  @Test
  void sortingIdsGivesCassandraOrder() {
    Timestamp t = Timestamp.ofTicks(1);
    List<MessageId> expected =
        List.of(
            MessageId.lowestAt(t),
            MessageId.at(t, 0x8000000000000000L),
            MessageId.at(t, 0xbfffffffffffffffL),
            MessageId.at(t, 0x00ff000000000000L),
            MessageId.at(t, 0x0000000000000000L),
            MessageId.at(t, 0x0001000000000000L),
            MessageId.highestAt(t));
    List<MessageId> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(3));

    shuffled.sort(Comparator.naturalOrder());

    assertEquals(expected, shuffled);
  }

  /** Cassandra's TimeUUIDType, spelled out: time, then each lsb byte as a signed byte. */
  private static int cassandraTimeuuidCompare(MessageId a, MessageId b) {
    int byTime = Long.compare(a.uuid().timestamp(), b.uuid().timestamp());
    if (byTime != 0) {
      return byTime;
    }
    byte[] x = ByteBuffer.allocate(8).putLong(a.uuid().getLeastSignificantBits()).array();
    byte[] y = ByteBuffer.allocate(8).putLong(b.uuid().getLeastSignificantBits()).array();
    for (int i = 0; i < 8; i++) {
      int c = Byte.compare(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
