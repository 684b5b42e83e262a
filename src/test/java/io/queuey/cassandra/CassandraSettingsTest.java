package io.queuey.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CassandraSettingsTest {

  private static CassandraSettings withProtocol(String version) {
    var settings = new CassandraSettings();
    settings.protocolVersion = version;
    return settings;
  }

  @Test
  void protocolVersionIsNormalised() {
    assertEquals("V4", withProtocol("v4").protocolVersion());
    assertEquals("V5", withProtocol(" V5 ").protocolVersion());
  }

  @Test
  void unknownProtocolVersionIsRefusedWithTheSettingsName() {
    var refused =
        assertThrows(IllegalArgumentException.class, () -> withProtocol("V3").protocolVersion());
    assertTrue(refused.getMessage().contains("queuey.cassandra.protocol-version"));
  }
}
