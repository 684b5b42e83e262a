package io.queuey.platform.boundary;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one JSON generator factory of the streaming answers: {@code Json.createGenerator} would
 * search for the JSON-P provider on every call.
 */
public final class JsonWriters {

  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  private JsonWriters() {}

  public static JsonGenerator utf8(OutputStream out) {
    return GENERATORS.createGenerator(out, StandardCharsets.UTF_8);
  }
}
