package io.queuey.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.queuey.errors.InvalidParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static Integer positive(String field, String text) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException notANumber) {
      throw new InvalidParameter(field, field + " must be a number");
    }
    if (value < 1) {
      throw new InvalidParameter(field, field + " must be positive");
    }
    return value;
  }

  @Test
  void anAbsentParameterIsEmptyAndNoError() {
    var validation = new Validation();
    assertEquals(Optional.empty(), validation.optional(null, text -> positive("a", text)));
    assertDoesNotThrow(validation::throwIfInvalid);
  }

  @Test
  void aGoodParameterIsParsed() {
    var validation = new Validation();
    assertEquals(Optional.of(5), validation.optional("5", text -> positive("a", text)));
    assertDoesNotThrow(validation::throwIfInvalid);
  }

  @Test
  void aBadParameterIsEmptyAndKeptForLater() {
    var validation = new Validation();
    assertEquals(Optional.empty(), validation.optional("0", text -> positive("limit", text)));
    InvalidParameter bad = assertThrows(InvalidParameter.class, validation::throwIfInvalid);
    assertEquals(Map.of("limit", "limit must be positive"), bad.errors());
  }

  @Test
  void everyBadParameterIsReportedAtOnceInTheOrderFound() {
    var validation = new Validation();
    validation.optional("x", text -> positive("ttl", text));
    validation.optional("3", text -> positive("fine", text));
    validation.optional("-1", text -> positive("partition", text));
    validation.attempt(() -> positive("1.partition", "0"));
    InvalidParameter bad = assertThrows(InvalidParameter.class, validation::throwIfInvalid);
    assertEquals(List.of("ttl", "partition", "1.partition"), List.copyOf(bad.errors().keySet()));
    assertEquals(400, bad.status());
  }

  @Test
  void attemptAnswersTheValueOrKeepsTheError() {
    var validation = new Validation();
    assertEquals(Optional.of(2), validation.attempt(() -> positive("a", "2")));
    assertEquals(Optional.empty(), validation.attempt(() -> positive("0.body", "none")));
    InvalidParameter bad = assertThrows(InvalidParameter.class, validation::throwIfInvalid);
    assertEquals(List.of("0.body"), List.copyOf(bad.errors().keySet()));
  }

  @Test
  void aFailureThatIsNotABadParameterIsNotSwallowed() {
    var validation = new Validation();
    assertThrows(
        IllegalStateException.class,
        () ->
            validation.optional(
                "x",
                text -> {
                  throw new IllegalStateException("a bug");
                }));
    assertDoesNotThrow(validation::throwIfInvalid);
  }

  @Test
  void severalErrorsOfOneParameterKeepTheirKeys() {
    var validation = new Validation();
    validation.attempt(
        () -> {
          throw new InvalidParameter(Map.of("0.ttl", "bad ttl", "0.body", "no body"));
        });
    InvalidParameter bad = assertThrows(InvalidParameter.class, validation::throwIfInvalid);
    assertEquals(Map.of("0.ttl", "bad ttl", "0.body", "no body"), bad.errors());
  }
}
