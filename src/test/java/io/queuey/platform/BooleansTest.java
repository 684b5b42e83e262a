package io.queuey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BooleansTest {

  @Test
  void trueOneAndYesInAnyCaseAreTrue() {
    for (String text : new String[] {"true", "TRUE", "True", "1", "yes", "YES", "Yes", " true "}) {
      assertTrue(Booleans.parseBoolean("details", text), text);
    }
  }

  @Test
  void falseZeroAndNoInAnyCaseAreFalse() {
    for (String text : new String[] {"false", "FALSE", "False", "0", "no", "NO", "No", " no "}) {
      assertFalse(Booleans.parseBoolean("details", text), text);
    }
  }

  @Test
  void otherSpellingsAreRejectedUnderTheGivenKey() {
    for (String text : new String[] {"", "2", "y", "n", "on", "off", "t", "f", "01", "truth"}) {
      InvalidParameter ex =
          assertThrows(
              InvalidParameter.class, () -> Booleans.parseBoolean("include_count", text), text);
      assertEquals(Set.of("include_count"), ex.errors().keySet(), text);
    }
    InvalidParameter absent =
        assertThrows(InvalidParameter.class, () -> Booleans.parseBoolean("details", null));
    assertEquals(Set.of("details"), absent.errors().keySet());
  }
}
