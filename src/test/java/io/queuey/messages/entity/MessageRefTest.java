package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageRefTest {

  private static final String A = "3a6592301e0911e190b1002500f0fa7c";
  private static final String B = "3a6592311e0911e190b1002500f0fa7c";

  private static MessageId id(String hex) {
    return MessageId.parse("message_id", hex);
  }

  @Test
  void idWithoutPrefixIsInPartitionOne() {
    assertEquals(List.of(new MessageRef(Partition.of(1), id(A))), MessageRef.parseList(A));
  }

  @Test
  void prefixNamesThePartition() {
    assertEquals(List.of(new MessageRef(Partition.of(2), id(A))), MessageRef.parseList("2:" + A));
  }

  @Test
  void idListKeepsTheOrderGivenAndMixesPrefixes() {
    assertEquals(
        List.of(
            new MessageRef(Partition.of(3), id(B)),
            new MessageRef(Partition.of(1), id(A)),
            new MessageRef(Partition.of(2), id(A))),
        MessageRef.parseList("3:" + B + "," + A + ", 2:" + A.toUpperCase()));
  }

  @Test
  void messageNamedTwiceIsKeptOnceAtItsFirstPlace() {
    assertEquals(
        List.of(new MessageRef(Partition.of(1), id(A)), new MessageRef(Partition.of(1), id(B))),
        MessageRef.parseList(A + "," + B + ",1:" + A));
  }

  @Test
  void malformedIdListsAreRejectedUnderMessages() {
    String version4 = UUID.randomUUID().toString().replace("-", "");
    String[] malformed = {
      "",
      ",",
      A + ",",
      "," + A,
      A + ",," + B,
      "0:" + A,
      "-1:" + A,
      "x:" + A,
      ":" + A,
      "2:",
      "2:3:" + A,
      A.substring(1),
      "3a659230-1e09-11e1-90b1-002500f0fa7c",
      version4,
      A + ";" + B
    };
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> MessageRef.parseList(text), text);
      assertEquals(Set.of("messages"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> MessageRef.parseList(null));
    assertEquals(Set.of("messages"), absent.errors().keySet());
  }

  @Test
  void errorNamesTheBadEntry() {
    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> MessageRef.parseList(A + ",nope"));

    assertEquals(
        "entry 2 of the id list is not a version-1 UUID of 32 hexadecimal digits",
        ex.errors().get("messages"));
  }
}
