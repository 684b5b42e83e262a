package io.queuey.messages.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Partition;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BytePagesTest {

  private static final int MIB = 1024 * 1024;

  private static Message ofSize(int bytes) {
    // A version-1 UUID: the time-based layout MessageId requires.
    return new Message(
        MessageId.of(UUID.fromString("3a659230-1e09-11e1-90b1-002500f0fa7c")),
        Partition.FIRST,
        "x".repeat(bytes),
        null);
  }

  @Test
  void theFirstPageIsSmallUntilSizesAreKnown() {
    var pages = new BytePages(8L * MIB);
    assertEquals(BytePages.FIRST_PAGE_ROWS, pages.nextPageRows(1000));
    assertEquals(5, pages.nextPageRows(5), "never more than the rows still wanted");
  }

  @Test
  void largeMessagesMakeSmallPagesAndSmallOnesLargePages() {
    var large = new BytePages(Long.MAX_VALUE);
    large.take(ofSize(MIB));
    assertEquals(2, large.nextPageRows(1000), "about 2 MiB per page");
    var small = new BytePages(Long.MAX_VALUE);
    small.take(ofSize(140));
    assertEquals(1000, small.nextPageRows(1000));
  }

  @Test
  void pagesNeverAskForMuchMoreThanTheBoundLeaves() {
    var pages = new BytePages(3L * 1000);
    pages.take(ofSize(1000));
    assertTrue(pages.nextPageRows(1000) <= 3);
  }

  @Test
  void wholeMessagesUpToTheBoundAndTheFirstAlways() {
    var pages = new BytePages(2500);
    assertTrue(pages.take(ofSize(3000)), "the first message always fits");
    assertFalse(pages.take(ofSize(1)), "nothing after the bound is passed");
    assertTrue(pages.full());

    var bounded = new BytePages(2500);
    assertTrue(bounded.take(ofSize(1000)));
    assertTrue(bounded.take(ofSize(1000)));
    assertFalse(bounded.take(ofSize(1000)), "not a message that would go over");
    assertFalse(bounded.take(ofSize(1)), "and nothing after it, to keep the order whole");
    assertEquals(2000, bounded.bytes());
  }
}
