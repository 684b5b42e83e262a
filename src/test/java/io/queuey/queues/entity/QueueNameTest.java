package io.queuey.queues.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueNameTest {

  @Test
  void namesOfLettersDigitsUnderscoresHyphensAndDotsAreAccepted() {
    assertEquals("My_queue-1.0", QueueName.parse("My_queue-1.0").value());
    assertEquals("a", QueueName.parse("a").value());
    assertEquals("...", QueueName.parse("...").toString());
  }

  @Test
  void queueNameOf50CharactersIsAccepted() {
    String fifty = "q".repeat(50);

    assertEquals(fifty, QueueName.parse(fifty).value());
  }

  @Test
  void queueNameOf51CharactersIsRejected() {
    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> QueueName.parse("q".repeat(51)));

    assertEquals(Set.of("queue_name"), ex.errors().keySet());
  }

  @Test
  void queueNamesWithOtherCharactersAreRejected() {
    String[] bad = {"", " ", "a b", "a/b", "a:b", "a,b", "caf\u00e9", "a%20b", "a\n", "\u0661"};
    for (String text : bad) {
      InvalidParameter ex = assertThrows(InvalidParameter.class, () -> QueueName.parse(text), text);
      assertEquals(Set.of("queue_name"), ex.errors().keySet(), text);
    }
    InvalidParameter absent = assertThrows(InvalidParameter.class, () -> QueueName.parse(null));
    assertEquals(Set.of("queue_name"), absent.errors().keySet());
  }

  @Test
  void pathSegmentThatCannotBeAQueueNameFindsNothing() {
    assertEquals(Optional.empty(), QueueName.tryParse("q".repeat(51)));
    assertEquals(Optional.empty(), QueueName.tryParse("a b"));
    assertEquals(Optional.empty(), QueueName.tryParse(""));
    assertEquals(Optional.empty(), QueueName.tryParse(null));
    assertEquals(Optional.of(QueueName.parse("orders")), QueueName.tryParse("orders"));
  }

  @Test
  void randomNameIsAUuid4In32LowercaseHexDigits() {
    String name = QueueName.random().value();

    assertTrue(name.matches("[0-9a-f]{32}"), name);
    UUID uuid =
        UUID.fromString(name.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
    assertEquals(4, uuid.version());
    assertNotEquals(QueueName.random(), QueueName.random());
  }
}
