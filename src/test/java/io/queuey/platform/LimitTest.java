package io.queuey.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LimitTest {

  @Test
  void absentLimitIsTheDefault() {
    assertEquals(new Limit(100), Limit.parse("limit", null, 100));
  }

  @Test
  void limitsFromOneToAThousandAreAccepted() {
    assertEquals(1, Limit.parse("limit", "1", 100).value());
    assertEquals(1000, Limit.parse("limit", "1000", 100).value());
    assertEquals(1000, Limit.of(1000).value());
  }

  @Test
  void limitsOutsideOneToAThousandOrMalformedAreRejected() {
    String[] bad = {"", "0", "1001", "-1", "+5", "abc", "1.5", " 5", "99999999999999999999"};
    for (String text : bad) {
      InvalidParameter ex =
          assertThrows(InvalidParameter.class, () -> Limit.parse("limit", text, 100), text);
      assertEquals(Set.of("limit"), ex.errors().keySet(), text);
    }
  }

  @Test
  void limitBuiltOutOfRangeIsReportedUnderLimit() {
    InvalidParameter zero = assertThrows(InvalidParameter.class, () -> Limit.of(0));
    InvalidParameter tooMany = assertThrows(InvalidParameter.class, () -> Limit.of(1001));

    assertEquals(Set.of("limit"), zero.errors().keySet());
    assertEquals(Set.of("limit"), tooMany.errors().keySet());
  }
}
