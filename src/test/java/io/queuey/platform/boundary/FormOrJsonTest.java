package io.queuey.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import io.queuey.queues.entity.QueueSettings;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormOrJsonTest {

  private static final MediaType FORM = new MediaType("application", "x-www-form-urlencoded");
  private static final MediaType JSON = new MediaType("application", "json");
  private static final MediaType JSON_UTF8 = new MediaType("application", "json", "utf-8");

  private static void assertRejectedAsBody(MediaType type, String body) {
    InvalidParameter bad =
        assertThrows(InvalidParameter.class, () -> FormOrJson.parse(type, body), body);
    assertEquals(Set.of("body"), bad.errors().keySet(), body);
    assertEquals(400, bad.status());
  }

  // --- form ---------------------------------------------------------------------------------

  @Test
  void formFieldsAreUrlDecoded() {
    assertEquals(
        Map.of("queue_name", "q 1", "principles", "app:a,bid:b@example.com"),
        FormOrJson.parse(FORM, "queue_name=q%201&principles=app%3Aa%2Cbid%3Ab%40example.com"));
  }

  @Test
  void aPlusInAFormIsASpace() {
    assertEquals(
        Map.of("principles", "app:a, app:b"), FormOrJson.parse(FORM, "principles=app:a,+app:b"));
  }

  @Test
  void formNamesAreDecodedToo() {
    assertEquals(Map.of("queue_name", "x"), FormOrJson.parse(FORM, "queue%5Fname=x"));
  }

  @Test
  void theFirstValueOfARepeatedFormFieldIsKept() {
    assertEquals(Map.of("partitions", "1"), FormOrJson.parse(FORM, "partitions=1&partitions=2"));
  }

  @Test
  void aFormFieldWithoutEqualsSignHasAnEmptyValue() {
    assertEquals(Map.of("details", "", "a", "1"), FormOrJson.parse(FORM, "details&a=1"));
  }

  @Test
  void emptyFormPairsAreSkipped() {
    assertEquals(Map.of("a", "1", "b", "2"), FormOrJson.parse(FORM, "a=1&&b=2&"));
  }

  @Test
  void aValueMayContainEqualsSigns() {
    assertEquals(Map.of("a", "b=c"), FormOrJson.parse(FORM, "a=b=c"));
  }

  @Test
  void aBodyWithoutContentTypeIsReadAsAForm() {
    assertEquals(Map.of("type", "public"), FormOrJson.parse(null, "type=public"));
  }

  @Test
  void anEmptyOrBlankBodyHasNoFields() {
    for (MediaType type : new MediaType[] {null, FORM, JSON}) {
      assertEquals(Map.of(), FormOrJson.parse(type, null));
      assertEquals(Map.of(), FormOrJson.parse(type, ""));
      assertEquals(Map.of(), FormOrJson.parse(type, "  \n"));
    }
  }

  @Test
  void aFormWithABadPercentEscapeIsRejected() {
    assertRejectedAsBody(FORM, "queue_name=%zz");
    assertRejectedAsBody(FORM, "queue_name=abc%");
    assertRejectedAsBody(FORM, "%G1=x");
  }

  // --- JSON ---------------------------------------------------------------------------------

  @Test
  void jsonStringFieldsAreTakenAsTheyAre() {
    assertEquals(
        Map.of("queue_name", "q", "type", "public", "consistency", "weak"),
        FormOrJson.parse(
            JSON, "{\"queue_name\": \"q\", \"type\": \"public\", \"consistency\": \"weak\"}"));
  }

  @Test
  void jsonWithACharsetParameterIsJson() {
    assertEquals(Map.of("queue_name", "q"), FormOrJson.parse(JSON_UTF8, "{\"queue_name\":\"q\"}"));
  }

  @Test
  void jsonNumbersBecomeTheirPlainDigits() {
    assertEquals(Map.of("partitions", "3"), FormOrJson.parse(JSON, "{\"partitions\": 3}"));
    assertEquals(Map.of("partitions", "3"), FormOrJson.parse(JSON, "{\"partitions\": 3.0}"));
    assertEquals(Map.of("partitions", "100"), FormOrJson.parse(JSON, "{\"partitions\": 1e2}"));
    assertEquals(Map.of("partitions", "2.5"), FormOrJson.parse(JSON, "{\"partitions\": 2.5}"));
    assertEquals(Map.of("partitions", "-4"), FormOrJson.parse(JSON, "{\"partitions\": -4}"));
  }

  @Test
  void jsonListsBecomeCommaSeparated() {
    assertEquals(
        Map.of("principles", "app:a,bid:b@example.com"),
        FormOrJson.parse(JSON, "{\"principles\": [\"app:a\", \"bid:b@example.com\"]}"));
    assertEquals(Map.of("principles", ""), FormOrJson.parse(JSON, "{\"principles\": []}"));
  }

  @Test
  void jsonNullIsAnEmptyValue() {
    assertEquals(Map.of("principles", ""), FormOrJson.parse(JSON, "{\"principles\": null}"));
  }

  @Test
  void jsonBooleansBecomeTheirText() {
    assertEquals(
        Map.of("details", "true", "include_count", "false"),
        FormOrJson.parse(JSON, "{\"details\": true, \"include_count\": false}"));
  }

  @Test
  void malformedJsonIsRejected() {
    assertRejectedAsBody(JSON, "{\"queue_name\": ");
    assertRejectedAsBody(JSON, "{queue_name: \"q\"}");
    assertRejectedAsBody(JSON, "queue_name=q");
  }

  @Test
  void jsonThatIsNotAnObjectIsRejected() {
    assertRejectedAsBody(JSON, "[\"q\"]");
    assertRejectedAsBody(JSON, "42");
    assertRejectedAsBody(JSON, "\"q\"");
    assertRejectedAsBody(JSON, "true");
  }

  @Test
  void deeplyNestedJsonIsRejectedNotAStackOverflow() {
    String deep = "{\"principles\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertRejectedAsBody(JSON, deep);
  }

  @Test
  void aNumberOfHugeMagnitudeStaysShortForTheValueTypesToReject() {
    for (String number : List.of("1e999999999", "1e-999999999", "1e2147483647", "-1e2147483647")) {
      String value = FormOrJson.parse(JSON, "{\"partitions\": " + number + "}").get("partitions");
      assertTrue(value.length() < 30, () -> number + " became " + value.length() + " characters");
      assertThrows(InvalidParameter.class, () -> QueueSettings.parsePartitions(value), number);
    }
  }

  @Test
  void aNumberBeyondBigDecimalIsRejected() {
    for (String number : List.of("1e2147483648", "1e-2147483649")) {
      InvalidParameter bad =
          assertThrows(
              InvalidParameter.class,
              () -> {
                String value =
                    FormOrJson.parse(JSON, "{\"partitions\": " + number + "}").get("partitions");
                QueueSettings.parsePartitions(value);
              },
              number);
      assertEquals(400, bad.status());
    }
  }
}
