package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MessageTest {

  private static final MessageId ID =
      MessageId.at(Timestamp.ofTicks(13_239_763_069_888_890L), 0x8000000000000001L);

  @Test
  void timestampOfAMessageIsTheTimeOfItsId() {
    Message message = new Message(ID, Partition.of(2), "hello", "text/plain");

    assertEquals(Timestamp.ofTicks(13_239_763_069_888_890L), message.timestamp());
    assertEquals("1323976306.9888890", message.timestamp().wire());
  }

  @Test
  void messageWithoutContentTypeIsAllowed() {
    assertNull(new Message(ID, Partition.of(1), "", null).contentType());
  }

  @Test
  void messageWithoutIdPartitionOrBodyIsRefused() {
    assertThrows(NullPointerException.class, () -> new Message(null, Partition.of(1), "b", null));
    assertThrows(NullPointerException.class, () -> new Message(ID, null, "b", null));
    assertThrows(NullPointerException.class, () -> new Message(ID, Partition.of(1), null, null));
  }
}
