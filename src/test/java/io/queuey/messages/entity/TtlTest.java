package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TtlTest {

  @Test
  void defaultTtlIsThreeDays() {
    assertEquals(3 * 24 * 60 * 60, Ttl.DEFAULT.seconds());
  }

  @Test
  void ttlOfOneSecondIsAccepted() {
    assertEquals(1, Ttl.parse("ttl", "1").seconds());
    assertEquals(1, Ttl.of(1).seconds());
  }

  @Test
  void ttlOfTwoToThe25IsAccepted() {
    assertEquals(33_554_432, Ttl.parse("ttl", "33554432").seconds());
    assertEquals(33_554_432, Ttl.of(1 << 25).seconds());
  }

  @Test
  void ttlOfZeroIsRejected() {
    InvalidParameter parsed = assertThrows(InvalidParameter.class, () -> Ttl.parse("ttl", "0"));
    InvalidParameter built = assertThrows(InvalidParameter.class, () -> Ttl.of(0));

    assertEquals(Set.of("ttl"), parsed.errors().keySet());
    assertEquals(Set.of("ttl"), built.errors().keySet());
  }

  @Test
  void ttlAboveTwoToThe25IsRejected() {
    for (String text : new String[] {"33554433", "99999999999999999999"}) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Ttl.parse("ttl", text), text);
      assertEquals(Set.of("ttl"), ex.errors().keySet(), text);
    }
    InvalidParameter built = assertThrows(InvalidParameter.class, () -> Ttl.of((1 << 25) + 1));
    assertEquals(Set.of("ttl"), built.errors().keySet());
  }

  @Test
  void malformedTtlIsRejectedUnderTheGivenKey() {
    String[] malformed = {"", "-5", "+5", "1.5", "abc", " 60", "60s", "1e3", "\u0665"};
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Ttl.parse("ttl", text), text);
      assertEquals(Set.of("ttl"), ex.errors().keySet(), text);
    }
    InvalidParameter absent = assertThrows(InvalidParameter.class, () -> Ttl.parse("ttl", null));
    assertEquals(Set.of("ttl"), absent.errors().keySet());
  }

  @Test
  void negativeTtlBuiltFromANumberIsReportedUnderTtl() {
    InvalidParameter ex = assertThrows(InvalidParameter.class, () -> Ttl.of(-1));

    assertEquals(Set.of("0.ttl"), ex.prefixed("0.").errors().keySet());
  }
}
