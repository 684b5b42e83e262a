package io.queuey.groups.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.messages.entity.MessageIdGenerator;
import io.queuey.messages.entity.Partition;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReceiptTest {

  private final MessageIdGenerator ids = new MessageIdGenerator();

  @Test
  void aReceiptSurvivesItsWireForm() {
    var receipt =
        new Receipt(UUID.randomUUID(), 7, Partition.of(200), ids.next(), ids.next().uuid());
    String wire = receipt.wire();
    assertEquals(108, wire.length());
    assertEquals(receipt, Receipt.tryParse(wire).orElseThrow());
    assertEquals(receipt, Receipt.tryParse(wire.toUpperCase()).orElseThrow());
  }

  @Test
  void textThatIsNoReceiptIsNone() {
    assertTrue(Receipt.tryParse(null).isEmpty());
    assertTrue(Receipt.tryParse("").isEmpty());
    assertTrue(Receipt.tryParse("z".repeat(108)).isEmpty());
    var receipt = new Receipt(UUID.randomUUID(), 0, Partition.FIRST, ids.next(), ids.next().uuid());
    assertTrue(Receipt.tryParse(receipt.wire().substring(1)).isEmpty());
    // a lease that is not a time-based UUID
    String wire = receipt.wire();
    String randomLease = UUID.randomUUID().toString().replace("-", "");
    assertTrue(Receipt.tryParse(wire.substring(0, 76) + randomLease).isEmpty());
  }
}
