package io.queuey.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MalformedRequestsTest {

  @Test
  void wellFormedEscapesPass() {
    assertTrue(MalformedRequests.wellEscaped("limit=10&since=1795880000.0000000"));
    assertTrue(MalformedRequests.wellEscaped("partitions=1%2C2&x=%3Cscript%3E&y=%e2%82%ac"));
    assertTrue(MalformedRequests.wellEscaped(""));
  }

  @Test
  void aPercentWithoutTwoHexDigitsIsMalformed() {
    assertFalse(MalformedRequests.wellEscaped("include_count=%zz"));
    assertFalse(MalformedRequests.wellEscaped("a=%"));
    assertFalse(MalformedRequests.wellEscaped("a=%4"));
    assertFalse(MalformedRequests.wellEscaped("a=%41%g1"));
  }
}
