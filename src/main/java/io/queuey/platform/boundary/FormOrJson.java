package io.queuey.platform.boundary;

import io.queuey.errors.InvalidParameter;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of a body that is form-encoded (the original API) or a JSON object with the same
 * field names (our extension), as plain text values.
 */
public final class FormOrJson {

  /** Looked up once: {@code Json.createReader} would search for the provider on every call. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  /** Digits beyond which a number is kept in scientific notation: none of ours is that long. */
  private static final int MAX_PLAIN_DIGITS = 20;

  private FormOrJson() {}

  public static Map<String, String> parse(MediaType type, String body) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      return parseJson(body);
    }
    return parseForm(body);
  }

  private static Map<String, String> parseForm(String body) {
    var fields = new LinkedHashMap<String, String>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        fields.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        throw new InvalidParameter("body", "The form-encoded body is malformed.");
      }
    }
    return fields;
  }

  /**
   * With JSON-P rather than JSON-B: Yasson's deserializer recursed until the stack overflowed on a
   * deeply nested body (a 500), where the JSON-P parser stops at its nesting limit.
   */
  private static Map<String, String> parseJson(String body) {
    JsonValue parsed;
    try (var reader = READERS.createReader(new StringReader(body))) {
      parsed = reader.readValue();
    } catch (RuntimeException malformed) {
      // JsonException for bad syntax; Parsson reports nesting over its limit as a bare
      // RuntimeException. Either way the body is at fault.
      throw new InvalidParameter("body", "The body is not valid JSON.");
    }
    if (parsed.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidParameter("body", "The body must be a JSON object.");
    }
    var fields = new LinkedHashMap<String, String>();
    parsed.asJsonObject().forEach((name, value) -> fields.put(name, text(value)));
    return fields;
  }

  /** Lists (e.g. principles) become the comma-separated form; numbers their plain digits. */
  private static String text(JsonValue value) {
    return switch (value.getValueType()) {
      case NULL -> "";
      case STRING -> ((JsonString) value).getString();
      case NUMBER -> plainNumber((JsonNumber) value);
      case ARRAY ->
          value.asJsonArray().stream().map(FormOrJson::text).collect(Collectors.joining(","));
      default -> value.toString();
    };
  }

  /**
   * The digits of a JSON number, for the value types to judge: {@code 3}, {@code 3.0} and {@code
   * 1e2} alike are whole numbers. A number of absurd magnitude ({@code 1e999999999}) stays in
   * scientific notation, which no parameter accepts: written out plainly it would take gigabytes
   * (an OutOfMemoryError, a 500, from a 30-byte body).
   */
  public static String plainNumber(JsonNumber number) {
    BigDecimal stripped;
    try {
      stripped = number.bigDecimalValue().stripTrailingZeros();
    } catch (ArithmeticException | NumberFormatException beyondBigDecimal) {
      return number.toString();
    }
    // long: precision - scale overflows an int for exponents near Integer.MAX_VALUE.
    long integerDigits = (long) stripped.precision() - stripped.scale();
    if (integerDigits > MAX_PLAIN_DIGITS || stripped.scale() > MAX_PLAIN_DIGITS) {
      return stripped.toString();
    }
    return stripped.toPlainString();
  }
}
