package io.queuey.queues.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsistencyTest {

  @Test
  void wireNamesAreParsed() {
    assertEquals(Consistency.WEAK, Consistency.parse("weak"));
    assertEquals(Consistency.STRONG, Consistency.parse("strong"));
    assertEquals(Consistency.VERY_STRONG, Consistency.parse("very_strong"));
  }

  @Test
  void consistenciesRoundTripThroughTheirWireNames() {
    for (Consistency consistency : Consistency.values()) {
      assertEquals(consistency, Consistency.parse(consistency.wire()));
      assertEquals(consistency.wire(), consistency.toString());
    }
  }

  @Test
  void spacesAroundTheConsistencyAreForgiven() {
    assertEquals(Consistency.WEAK, Consistency.parse(" weak "));
  }

  @Test
  void defaultConsistencyIsStrong() {
    assertEquals(Consistency.STRONG, Consistency.DEFAULT);
  }

  @Test
  void unknownOrDifferentlySpelledConsistencyIsRejected() {
    String[] bad = {"", "STRONG", "very-strong", "verystrong", "VERY_STRONG", "eventual"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Consistency.parse(text), text);
      assertEquals(Set.of("consistency"), ex.errors().keySet(), text);
    }
    InvalidParameter absent = assertThrows(InvalidParameter.class, () -> Consistency.parse(null));
    assertEquals(Set.of("consistency"), absent.errors().keySet());
  }
}
