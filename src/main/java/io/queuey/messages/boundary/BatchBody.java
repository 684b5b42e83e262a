package io.queuey.messages.boundary;

import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.errors.InvalidParameter;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.messages.entity.IncomingMessage;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Ttl;
import io.queuey.platform.Limits;
import io.queuey.platform.Validation;
import io.queuey.platform.boundary.FormOrJson;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch post, {@code {"messages": [{"body": ..., "ttl": ..., "partition": ..., "idempotency_key":
 * ...}, ...]}}, validated whole: every bad field of every item is reported, as {@code
 * "<index>.<field>"}, and one bad item rejects the batch.
 */
final class BatchBody {

  /** Looked up once: {@code Json.createReader} would search for the provider on every call. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private BatchBody() {}

  static List<IncomingMessage> parse(String text, Limits limits) {
    JsonObject root;
    try (var reader = READERS.createReader(new StringReader(text))) {
      root = reader.readObject();
    } catch (RuntimeException malformed) {
      // JsonException and IllegalStateException for bad syntax or another type; Parsson reports
      // nesting over its limit as a bare RuntimeException, which was a 500. The body is at fault.
      throw new InvalidParameter("body", "The body must be a JSON object with a 'messages' list.");
    }
    JsonValue list = root.get("messages");
    if (list == null || list.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new InvalidParameter("messages", "'messages' must be a list of messages.");
    }
    var items = list.asJsonArray();
    if (items.size() > limits.maxBatchMessages()) {
      throw new PayloadTooLarge(
          "messages", "A batch may hold at most " + limits.maxBatchMessages() + " messages.");
    }
    if (items.isEmpty()) {
      throw new InvalidParameter("messages", "'messages' must hold at least one message.");
    }
    var validation = new Validation();
    var messages = new ArrayList<IncomingMessage>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String prefix = i + ".";
      JsonValue item = items.get(i);
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        validation.attempt(
            () -> {
              throw new InvalidParameter(prefix + "body", "Each message must be a JSON object.");
            });
        continue;
      }
      JsonObject message = item.asJsonObject();
      Optional<String> body = validation.attempt(() -> body(message, prefix, limits));
      Ttl ttl =
          validation
              .attempt(() -> optionalText(message, "ttl").map(t -> Ttl.parse(prefix + "ttl", t)))
              .flatMap(parsed -> parsed)
              .orElse(Ttl.DEFAULT);
      Optional<Partition> partition =
          validation
              .attempt(
                  () ->
                      optionalText(message, "partition")
                          .map(t -> Partition.parse(prefix + "partition", t)))
              .flatMap(parsed -> parsed);
      Optional<IdempotencyKey> key =
          validation
              .attempt(
                  () ->
                      optionalText(message, "idempotency_key")
                          .map(t -> IdempotencyKey.parse(prefix + "idempotency_key", t)))
              .flatMap(parsed -> parsed);
      body.ifPresent(value -> messages.add(new IncomingMessage(value, null, ttl, partition, key)));
    }
    validation.throwIfInvalid();
    return messages;
  }

  private static String body(JsonObject message, String prefix, Limits limits) {
    JsonValue body = message.get("body");
    if (body == null || body.getValueType() != JsonValue.ValueType.STRING) {
      throw new InvalidParameter(prefix + "body", "Each message needs a 'body' string.");
    }
    String text = ((JsonString) body).getString();
    if (text.isEmpty()) {
      throw new InvalidParameter(prefix + "body", "The message body must not be empty.");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
      throw new PayloadTooLarge(
          prefix + "body", "A message body may be at most " + limits.maxMessageBytes() + " bytes.");
    }
    return text;
  }

  /**
   * A number or a string of digits, as text for the value types to judge; absent or null: empty.
   */
  private static Optional<String> optionalText(JsonObject message, String field) {
    JsonValue value = message.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    return switch (value.getValueType()) {
      // Not toPlainString() alone: 1e999999999 would be written out in gigabytes (a 500).
      case NUMBER -> Optional.of(FormOrJson.plainNumber((JsonNumber) value));
      case STRING -> Optional.of(((JsonString) value).getString());
      default -> Optional.of(value.toString());
    };
  }
}
