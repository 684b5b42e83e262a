package io.queuey.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {

  @Test
  void dataSizesAreReadInTheUnitsCassandraPrints() {
    assertEquals(OptionalLong.of(50 * 1024), ServerLimits.parseBytes("50KiB"));
    assertEquals(OptionalLong.of(12L * 1024 * 1024), ServerLimits.parseBytes("12MiB"));
    assertEquals(OptionalLong.of(2L * 1024 * 1024 * 1024), ServerLimits.parseBytes("2GiB"));
    assertEquals(OptionalLong.of(512), ServerLimits.parseBytes("512B"));
  }

  @Test
  void aBareNumberIsKibibytesAsInTheOlderSetting() {
    assertEquals(OptionalLong.of(50 * 1024), ServerLimits.parseBytes("50"));
  }

  @Test
  void unreadableSizesAreEmpty() {
    assertTrue(ServerLimits.parseBytes(null).isEmpty());
    assertTrue(ServerLimits.parseBytes("").isEmpty());
    assertTrue(ServerLimits.parseBytes("null").isEmpty());
    assertTrue(ServerLimits.parseBytes("50 parsecs").isEmpty());
    assertTrue(ServerLimits.parseBytes("99999999999999999").isEmpty());
  }
}
