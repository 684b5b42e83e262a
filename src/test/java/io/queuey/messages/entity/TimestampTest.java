package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimestampTest {

  @Test
  void timestampRoundTripsExactlyThroughWireFormat() {
    Timestamp parsed = Timestamp.parse("since", "1323976306.9888890");

    assertEquals(13_239_763_069_888_890L, parsed.ticks());
    assertEquals("1323976306.9888890", parsed.wire());
    assertEquals("1323976306.9888890", parsed.toString());
    assertEquals(parsed, Timestamp.parse("since", parsed.wire()));
  }

  @Test
  void everyTickSurvivesTheWireFormatWhereADoubleWouldNot() {
    // A double has about 16 significant digits: these times need 17 to tell apart.
    Timestamp a = Timestamp.ofTicks(17_000_000_000_000_001L);
    Timestamp b = Timestamp.ofTicks(17_000_000_000_000_002L);

    assertEquals("1700000000.0000001", a.wire());
    assertEquals("1700000000.0000002", b.wire());
    assertEquals(a, Timestamp.parse("since", a.wire()));
    assertEquals(b, Timestamp.parse("since", b.wire()));
  }

  @Test
  void wireFormatAlwaysHasSevenFractionalDigits() {
    assertEquals("0.0000000", Timestamp.ofTicks(0).wire());
    assertEquals("0.0000001", Timestamp.ofTicks(1).wire());
    assertEquals("1323976306.0000000", Timestamp.ofTicks(13_239_763_060_000_000L).wire());
    assertEquals("1323976306.9000000", Timestamp.ofTicks(13_239_763_069_000_000L).wire());
  }

  @Test
  void wholeSecondsAndShortFractionsAreParsed() {
    assertEquals(13_239_763_060_000_000L, Timestamp.parse("since", "1323976306").ticks());
    assertEquals(13_239_763_069_800_000L, Timestamp.parse("since", "1323976306.98").ticks());
    assertEquals(0L, Timestamp.parse("since", "0").ticks());
    assertEquals(10_000_000L, Timestamp.parse("since", "0001").ticks());
  }

  @Test
  void digitsBeyondTheTickRoundUpSoTheBoundStaysInclusive() {
    assertEquals(10_000_001L, Timestamp.parse("since", "1.00000001").ticks());
    assertEquals(10_000_001L, Timestamp.parse("since", "1.00000000000000000009").ticks());
    assertEquals(20_000_000L, Timestamp.parse("since", "1.99999999").ticks());
    assertEquals(13_239_763_069_888_891L, Timestamp.parse("since", "1323976306.98888901").ticks());
  }

  @Test
  void trailingZerosBeyondTheTickDoNotRoundUp() {
    assertEquals(10_000_000L, Timestamp.parse("since", "1.000000000000").ticks());
  }

  @Test
  void malformedSinceIsRejectedUnderItsKey() {
    String[] malformed = {
      "",
      "-1",
      "+1",
      "1e9",
      "1.5e3",
      "1E9",
      "abc",
      " 1",
      "1 ",
      "1.",
      ".5",
      "1.2.3",
      "1,5",
      "0x10",
      "NaN",
      "Infinity",
      "\u0661\u0662",
      "１２"
    };
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Timestamp.parse("since", text), text);
      assertEquals(Set.of("since"), ex.errors().keySet(), text);
    }
  }

  @Test
  void absentSinceIsRejectedWhenParsed() {
    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> Timestamp.parse("since", null));
    assertEquals(Set.of("since"), ex.errors().keySet());
  }

  @Test
  void absurdlyLargeSinceIsRejected() {
    String[] tooLarge = {
      "99999999999999999999", "1" + "0".repeat(30), "922337203685.4775807", "922337203685.4775808"
    };
    for (String text : tooLarge) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Timestamp.parse("since", text), text);
      assertEquals(Set.of("since"), ex.errors().keySet(), text);
    }
  }

  @Test
  void sinceUpToTheLastTimeAVersion1UuidCanCarryIsAccepted() {
    assertEquals(Timestamp.MAX, Timestamp.parse("since", Timestamp.MAX.wire()));
    assertEquals("103072857660.6846975", Timestamp.MAX.wire());
  }

  @Test
  void sinceAfterTheLastTimeAVersion1UuidCanCarryIsRejected() {
    String oneTickLater = BigDecimal.valueOf(Timestamp.MAX.ticks() + 1, 7).toPlainString();
    String roundedUpPastIt = Timestamp.MAX.wire() + "1";

    for (String text : new String[] {oneTickLater, roundedUpPastIt}) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Timestamp.parse("since", text), text);
      assertEquals(Set.of("since"), ex.errors().keySet(), text);
    }
  }

  @Test
  void ticksOutsideTheRangeOfAVersion1UuidAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Timestamp.ofTicks(Long.MAX_VALUE));
    assertThrows(
        IllegalArgumentException.class, () -> Timestamp.ofTicks(Timestamp.MIN.ticks() - 1));
    assertThrows(
        IllegalArgumentException.class, () -> Timestamp.ofTicks(Timestamp.MAX.ticks() + 1));
  }

  @Test
  void epochMillisRoundTrip() {
    Timestamp t = Timestamp.ofEpochMillis(1_323_976_306_988L);

    assertEquals(13_239_763_069_880_000L, t.ticks());
    assertEquals(1_323_976_306_988L, t.epochMillis());
  }

  @Test
  void epochMillisRoundTowardsThePast() {
    assertEquals(1_323_976_306_988L, Timestamp.ofTicks(13_239_763_069_889_999L).epochMillis());
    assertEquals(-1L, Timestamp.ofTicks(-1).epochMillis());
  }

  @Test
  void instantsConvertExactlyToTheTick() {
    Instant instant = Instant.ofEpochSecond(1_323_976_306L, 988_889_000L);
    Timestamp t = Timestamp.ofInstant(instant);

    assertEquals(13_239_763_069_888_890L, t.ticks());
    assertEquals(instant, t.toInstant());
    assertEquals(
        13_239_763_069_888_890L,
        Timestamp.ofInstant(Instant.ofEpochSecond(1_323_976_306L, 988_889_099L)).ticks());
  }

  @Test
  void nowIsTheCurrentTime() {
    long before = System.currentTimeMillis();
    Timestamp now = Timestamp.now();
    long after = System.currentTimeMillis();

    assertTrue(now.epochMillis() >= before - 1 && now.epochMillis() <= after + 1, now.wire());
  }

  @Test
  void timestampsOrderByTime() {
    Timestamp earlier = Timestamp.ofTicks(5);
    Timestamp later = Timestamp.ofTicks(6);

    assertTrue(earlier.compareTo(later) < 0);
    assertTrue(later.compareTo(earlier) > 0);
    assertEquals(0, earlier.compareTo(Timestamp.ofTicks(5)));
  }
}
