package io.queuey.errors.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class QueueyExceptionMapperTest {

  @Test
  void theLoggedCauseNamesSuppressedErrorsAndTheirCauses() {
    var allNodes = new IllegalStateException("All 1 node(s) tried for the query failed");
    allNodes.addSuppressed(
        new IOException(
            "Unexpected error on channel",
            new IllegalArgumentException("opcode: 0 in protocol 0")));
    String line = QueueyExceptionMapper.causes(allNodes);
    assertEquals(
        "java.lang.IllegalStateException: All 1 node(s) tried for the query failed"
            + " [java.io.IOException: Unexpected error on channel"
            + " <- java.lang.IllegalArgumentException: opcode: 0 in protocol 0]",
        line);
  }

  @Test
  void aCycleOfCausesEndsAtTheDepthLimit() {
    var first = new RuntimeException("first");
    var second = new RuntimeException("second", first);
    first.initCause(second);
    String line = QueueyExceptionMapper.causes(first);
    assertTrue(line.startsWith("java.lang.RuntimeException: first <- "));
    assertTrue(line.length() < 1000);
  }
}
