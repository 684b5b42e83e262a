package io.queuey.dedup.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void printableAsciiUpTo128CharactersIsAKey() {
    assertEquals("order 42/a~b", IdempotencyKey.parse("k", "order 42/a~b").value());
    assertEquals(128, IdempotencyKey.parse("k", "x".repeat(128)).value().length());
  }

  @Test
  void emptyLongOrNonAsciiKeysAreRejectedUnderTheirField() {
    for (String bad : new String[] {"", "x".repeat(129), "tab\tbed", "café", "new\nline"}) {
      var thrown = assertThrows(InvalidParameter.class, () -> IdempotencyKey.parse("0.key", bad));
      assertEquals(java.util.Set.of("0.key"), thrown.errors().keySet());
    }
  }
}
