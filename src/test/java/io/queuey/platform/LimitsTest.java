package io.queuey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private static Limits.Values read(Map<String, String> configured) {
    return Limits.Values.read(name -> Optional.ofNullable(configured.get(name)));
  }

  @Test
  void unsetLimitsTakeTheirDefaults() {
    assertEquals(Limits.Values.DEFAULTS, read(Map.of()));
  }

  @Test
  void aLimitFromAFileMayEndWithANewline() {
    assertEquals(100, read(Map.of(Limits.MAX_MESSAGE_BYTES, "100\n")).maxMessageBytes());
  }

  @Test
  void aLimitThatIsNotAPositiveWholeNumberIsInvalid() {
    for (String bad : List.of("0", "-5", "1e6", "lots", "99999999999")) {
      var invalid =
          assertThrows(
              IllegalStateException.class, () -> read(Map.of(Limits.MAX_BATCH_MESSAGES, bad)), bad);
      assertTrue(invalid.getMessage().startsWith(Limits.MAX_BATCH_MESSAGES), invalid.getMessage());
    }
  }

  @Test
  void changesNameTheLimitsThatChanged() {
    var lower = read(Map.of(Limits.MAX_MESSAGE_BYTES, "100"));

    assertEquals(
        List.of(Limits.MAX_MESSAGE_BYTES + " 1048576 -> 100"),
        Limits.Values.changes(Limits.Values.DEFAULTS, lower));
  }
}
