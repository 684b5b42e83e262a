package io.queuey.messages.entity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionTest {

  @Test
  void decimalPartitionNumbersAreParsed() {
    assertEquals(Partition.of(3), Partition.parse("partition", "3"));
    assertEquals(1, Partition.parse("partition", "1").number());
    assertEquals(7, Partition.parse("partition", "007").number());
    assertEquals(Integer.MAX_VALUE, Partition.parse("partition", "2147483647").number());
  }

  @Test
  void partitionZeroAndMalformedNumbersAreRejectedUnderTheGivenKey() {
    String[] malformed = {"0", "00", "-1", "+1", "", " 1", "1 ", "abc", "1.5", "1e2", "\u0661"};
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Partition.parse("partition", text), text);
      assertEquals(Set.of("partition"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> Partition.parse("partition", null));
    assertEquals(Set.of("partition"), absent.errors().keySet());
  }

  @Test
  void partitionBeyondAnIntIsRejected() {
    for (String text : new String[] {"2147483648", "99999999999999999999999"}) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Partition.parse("partition", text), text);
      assertEquals(Set.of("partition"), ex.errors().keySet(), text);
    }
  }

  @Test
  void partitionBuiltFromZeroIsReportedUnderPartition() {
    InvalidParameter ex = assertThrows(InvalidParameter.class, () -> Partition.of(0));

    assertEquals(Set.of("partition"), ex.errors().keySet());
    assertEquals(Set.of("2.partition"), ex.prefixed("2.").errors().keySet());
  }

  @Test
  void partitionWithinTheQueueIsAccepted() {
    assertDoesNotThrow(() -> Partition.of(1).checkWithin("partition", 1));
    assertDoesNotThrow(() -> Partition.of(4).checkWithin("partition", 4));
  }

  @Test
  void partitionBeyondTheQueueIsRejectedWithItsRange() {
    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> Partition.of(3).checkWithin("partition", 2));

    assertEquals(Map.of("partition", "partition must be between 1 and 2"), ex.errors());
  }

  @Test
  void partitionListKeepsTheOrderGiven() {
    assertEquals(
        List.of(Partition.of(3), Partition.of(1), Partition.of(2)),
        Partition.parseList("partitions", "3,1,2"));
    assertEquals(List.of(Partition.of(1)), Partition.parseList("partitions", "1"));
  }

  @Test
  void partitionListForgivesSpacesAroundEntries() {
    assertEquals(
        List.of(Partition.of(1), Partition.of(2)), Partition.parseList("partitions", " 1 , 2"));
  }

  @Test
  void partitionListWithDuplicatesIsRejected() {
    InvalidParameter ex =
        assertThrows(InvalidParameter.class, () -> Partition.parseList("partitions", "1,2,1"));

    assertEquals(Set.of("partitions"), ex.errors().keySet());
  }

  @Test
  void partitionListWithEmptyOrBadEntriesIsRejected() {
    String[] malformed = {"", " ", ",", "1,", ",1", "1,,2", "1;2", "1,x", "1,0", "1,-2", "1 2"};
    for (String text : malformed) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Partition.parseList("partitions", text), text);
      assertEquals(Set.of("partitions"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> Partition.parseList("partitions", null));
    assertEquals(Set.of("partitions"), absent.errors().keySet());
  }

  @Test
  void partitionListCannotBeChanged() {
    List<Partition> partitions = Partition.parseList("partitions", "1,2");

    assertThrows(UnsupportedOperationException.class, () -> partitions.add(Partition.of(3)));
  }
}
