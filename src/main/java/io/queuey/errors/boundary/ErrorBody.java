package io.queuey.errors.boundary;

import io.queuey.errors.QueueyException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The error shape of API.md: {@code {"status": "error", "error_msg": {KEY: message}}}. */
public final class ErrorBody {

  private static final Jsonb JSON = JsonbBuilder.create();

  private ErrorBody() {}

  public static Map<String, Object> of(Map<String, String> errors) {
    var body = new LinkedHashMap<String, Object>();
    body.put("status", "error");
    body.put("error_msg", errors);
    return body;
  }

  public static Map<String, Object> of(QueueyException failure) {
    return of(failure.errors());
  }

  /** For writers outside JAX-RS, such as the servlet filter. */
  public static String json(QueueyException failure) {
    return json(failure.errors());
  }

  public static String json(Map<String, String> errors) {
    return JSON.toJson(of(errors));
  }
}
