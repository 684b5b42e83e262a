package io.queuey.platform.boundary;

import io.queuey.errors.InvalidParameter;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of a body that is form-encoded (the original API) or a JSON object with the same
 * field names (our extension), as plain text values.
 */
public final class FormOrJson {

  private static final Jsonb JSON = JsonbBuilder.create();

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

  private static Map<String, String> parseJson(String body) {
    Object parsed;
    try {
      parsed = JSON.fromJson(body, Object.class);
    } catch (JsonbException malformed) {
      throw new InvalidParameter("body", "The body is not valid JSON.");
    }
    if (!(parsed instanceof Map<?, ?> object)) {
      throw new InvalidParameter("body", "The body must be a JSON object.");
    }
    var fields = new LinkedHashMap<String, String>();
    object.forEach((name, value) -> fields.put(String.valueOf(name), text(value)));
    return fields;
  }

  /** Lists (e.g. principles) become the comma-separated form; numbers their plain digits. */
  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(FormOrJson::text).collect(Collectors.joining(","));
    }
    if (value instanceof java.math.BigDecimal number) {
      return number.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }
}
