package io.queuey.queues.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueTypeTest {

  @Test
  void wireNamesAreParsed() {
    assertEquals(QueueType.USER, QueueType.parse("user"));
    assertEquals(QueueType.PUBLIC, QueueType.parse("public"));
  }

  @Test
  void spacesAroundTheTypeAreForgiven() {
    assertEquals(QueueType.PUBLIC, QueueType.parse(" public\t"));
  }

  @Test
  void typesRoundTripThroughTheirWireNames() {
    for (QueueType type : QueueType.values()) {
      assertEquals(type, QueueType.parse(type.wire()));
      assertEquals(type.wire(), type.toString());
    }
  }

  @Test
  void defaultTypeIsUser() {
    assertEquals(QueueType.USER, QueueType.DEFAULT);
  }

  @Test
  void unknownOrDifferentlySpelledTypeIsRejected() {
    for (String text : new String[] {"", "private", "USER", "Public", "PUBLIC", "users"}) {
      InvalidParameter ex = assertThrows(InvalidParameter.class, () -> QueueType.parse(text), text);
      assertEquals(Set.of("type"), ex.errors().keySet(), text);
    }
    InvalidParameter absent = assertThrows(InvalidParameter.class, () -> QueueType.parse(null));
    assertEquals(Set.of("type"), absent.errors().keySet());
  }
}
