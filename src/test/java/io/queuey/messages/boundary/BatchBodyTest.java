package io.queuey.messages.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.messages.entity.IncomingMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Ttl;
import io.queuey.platform.Limits;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchBodyTest {

  /** Small limits: messages of at most 8 UTF-8 bytes, batches of at most 3. */
  private static final Limits LIMITS =
      new Limits() {
        @Override
        public int maxMessageBytes() {
          return 8;
        }

        @Override
        public int maxBatchMessages() {
          return 3;
        }

        @Override
        public int maxRequestBytes() {
          return 1000;
        }
      };

  private static List<IncomingMessage> parse(String json) {
    return BatchBody.parse(json, LIMITS);
  }

  private static Set<String> rejected(String json) {
    InvalidParameter bad = assertThrows(InvalidParameter.class, () -> parse(json), json);
    assertEquals(400, bad.status());
    return bad.errors().keySet();
  }

  private static String batchOf(String... items) {
    return "{\"messages\": [" + String.join(", ", items) + "]}";
  }

  @Test
  void everyMessageIsParsedInTheOrderSent() {
    List<IncomingMessage> messages =
        parse(
            batchOf(
                "{\"body\": \"a\", \"ttl\": 60, \"partition\": 2}",
                "{\"body\": \"b\"}",
                "{\"body\": \"c\", \"partition\": 1}"));
    assertEquals(List.of("a", "b", "c"), messages.stream().map(IncomingMessage::body).toList());
    assertEquals(Ttl.of(60), messages.get(0).ttl());
    assertEquals(Optional.of(Partition.of(2)), messages.get(0).partition());
    assertEquals(Optional.of(Partition.of(1)), messages.get(2).partition());
  }

  @Test
  void ttlAndPartitionAreOptionalPerMessage() {
    IncomingMessage message = parse(batchOf("{\"body\": \"a\"}")).get(0);
    assertEquals(Ttl.DEFAULT, message.ttl());
    assertEquals(Optional.empty(), message.partition());
  }

  @Test
  void nullTtlAndPartitionMeanAbsent() {
    IncomingMessage message =
        parse(batchOf("{\"body\": \"a\", \"ttl\": null, \"partition\": null}")).get(0);
    assertEquals(Ttl.DEFAULT, message.ttl());
    assertEquals(Optional.empty(), message.partition());
  }

  @Test
  void ttlAndPartitionMayBeStringsOfDigits() {
    IncomingMessage message =
        parse(batchOf("{\"body\": \"a\", \"ttl\": \"90\", \"partition\": \"3\"}")).get(0);
    assertEquals(Ttl.of(90), message.ttl());
    assertEquals(Optional.of(Partition.of(3)), message.partition());
  }

  @Test
  void theLargestTtlIsAccepted() {
    IncomingMessage message = parse(batchOf("{\"body\": \"a\", \"ttl\": 33554432}")).get(0);
    assertEquals(Ttl.of(Ttl.MAX_SECONDS), message.ttl());
  }

  @Test
  void itemsOfABatchHaveNoContentType() {
    assertNull(parse(batchOf("{\"body\": \"a\"}")).get(0).contentType());
  }

  @Test
  void aBodyIsKeptExactly() {
    assertEquals("ä \"q\"\n", parse(batchOf("{\"body\": \"ä \\\"q\\\"\\n\"}")).get(0).body());
  }

  // --- "<index>.<field>" --------------------------------------------------------------------

  @Test
  void aMissingBodyIsReportedUnderItsIndex() {
    assertEquals(Set.of("0.body"), rejected(batchOf("{\"ttl\": 5}")));
    assertEquals(Set.of("1.body"), rejected(batchOf("{\"body\": \"a\"}", "{}")));
  }

  @Test
  void aBodyThatIsNotAStringIsReportedUnderItsIndex() {
    for (String body : List.of("5", "null", "true", "[\"a\"]", "{\"a\": 1}")) {
      assertEquals(Set.of("0.body"), rejected(batchOf("{\"body\": " + body + "}")), body);
    }
  }

  @Test
  void anEmptyBodyIsReportedUnderItsIndex() {
    assertEquals(
        Set.of("2.body"),
        rejected(batchOf("{\"body\": \"a\"}", "{\"body\": \"b\"}", "{\"body\": \"\"}")));
  }

  @Test
  void anItemThatIsNotAnObjectIsReportedAsItsBody() {
    for (String item : List.of("\"text\"", "1", "null", "[]")) {
      assertEquals(Set.of("1.body"), rejected(batchOf("{\"body\": \"a\"}", item)), item);
    }
  }

  @Test
  void aBadTtlIsReportedUnderItsIndex() {
    for (String ttl : List.of("0", "-1", "1.5", "33554433", "\"soon\"", "\"\"", "true", "[1]")) {
      assertEquals(
          Set.of("1.ttl"),
          rejected(batchOf("{\"body\": \"a\"}", "{\"body\": \"b\", \"ttl\": " + ttl + "}")),
          ttl);
    }
  }

  @Test
  void aBadPartitionIsReportedUnderItsIndex() {
    for (String partition : List.of("0", "-2", "1.5", "\"two\"", "false", "1e400")) {
      assertEquals(
          Set.of("1.partition"),
          rejected(
              batchOf("{\"body\": \"a\"}", "{\"body\": \"b\", \"partition\": " + partition + "}")),
          partition);
    }
  }

  @Test
  void everyBadFieldOfEveryItemIsReportedAtOnce() {
    assertEquals(
        Set.of("0.body", "0.ttl", "1.partition", "2.ttl", "2.partition"),
        rejected(
            batchOf(
                "{\"ttl\": 0}",
                "{\"body\": \"b\", \"partition\": 0}",
                "{\"body\": \"c\", \"ttl\": -1, \"partition\": \"x\"}")));
  }

  // --- the shape of the batch ---------------------------------------------------------------

  @Test
  void malformedJsonIsRejectedAsTheBody() {
    for (String json : List.of("{\"messages\": [", "not json", "{\"messages\": [}]}", "")) {
      assertEquals(Set.of("body"), rejected(json), json);
    }
  }

  @Test
  void jsonThatIsNotAnObjectIsRejectedAsTheBody() {
    for (String json : List.of("[{\"body\": \"a\"}]", "\"a\"", "42")) {
      assertEquals(Set.of("body"), rejected(json), json);
    }
  }

  @Test
  void withoutAListOfMessagesTheBatchIsRejected() {
    for (String json :
        List.of(
            "{}",
            "{\"message\": []}",
            "{\"messages\": \"a\"}",
            "{\"messages\": {}}",
            "{\"messages\": null}")) {
      assertEquals(Set.of("messages"), rejected(json), json);
    }
  }

  @Test
  void anEmptyListOfMessagesIsRejected() {
    assertEquals(Set.of("messages"), rejected("{\"messages\": []}"));
  }

  // --- limits -------------------------------------------------------------------------------

  @Test
  void aBatchOfTheMaximumCountIsAccepted() {
    assertEquals(
        3, parse(batchOf("{\"body\": \"a\"}", "{\"body\": \"b\"}", "{\"body\": \"c\"}")).size());
  }

  @Test
  void aBatchOverTheMaximumCountIsPayloadTooLarge() {
    PayloadTooLarge tooMany =
        assertThrows(
            PayloadTooLarge.class,
            () ->
                parse(
                    batchOf(
                        "{\"body\": \"a\"}",
                        "{\"body\": \"b\"}",
                        "{\"body\": \"c\"}",
                        "{\"body\": \"d\"}")));
    assertEquals(413, tooMany.status());
  }

  @Test
  void aMessageOfTheMaximumSizeIsAccepted() {
    assertEquals("12345678", parse(batchOf("{\"body\": \"12345678\"}")).get(0).body());
    assertEquals("ääää", parse(batchOf("{\"body\": \"ääää\"}")).get(0).body());
  }

  @Test
  void aMessageOverTheMaximumSizeInUtf8BytesIsPayloadTooLarge() {
    for (String body : List.of("123456789", "äääää", "😀😀😀")) {
      PayloadTooLarge tooLarge =
          assertThrows(
              PayloadTooLarge.class,
              () -> parse(batchOf("{\"body\": \"a\"}", "{\"body\": \"" + body + "\"}")),
              body);
      assertEquals(413, tooLarge.status());
      assertEquals(Set.of("1.body"), tooLarge.errors().keySet());
    }
  }

  @Test
  void deeplyNestedJsonIsRejectedAsTheBody() {
    String deep =
        batchOf("{\"body\": \"a\", \"ttl\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
    assertEquals(Set.of("body"), rejected(deep));
  }

  @Test
  void numbersOfHugeMagnitudeAreBadFieldsNotAFailure() {
    for (String number : List.of("1e999999999", "1e-999999999", "1e2147483647", "1e2147483648")) {
      Set<String> keys =
          assertThrows(
                  InvalidParameter.class,
                  () ->
                      parse(
                          batchOf(
                              "{\"body\": \"a\", \"ttl\": "
                                  + number
                                  + ", \"partition\": "
                                  + number
                                  + "}")),
                  number)
              .errors()
              .keySet();
      // Beyond BigDecimal the parser itself may refuse the body; otherwise both fields are bad.
      assertTrue(
          keys.equals(Set.of("0.ttl", "0.partition")) || keys.equals(Set.of("body")),
          () -> number + ": " + keys);
    }
  }

  @Test
  void aWholeNumberWrittenWithDecimalsOrExponentIsThatNumber() {
    IncomingMessage message =
        parse(batchOf("{\"body\": \"a\", \"ttl\": 6e1, \"partition\": 2.0}")).get(0);
    assertEquals(Ttl.of(60), message.ttl());
    assertEquals(Optional.of(Partition.of(2)), message.partition());
  }
}
