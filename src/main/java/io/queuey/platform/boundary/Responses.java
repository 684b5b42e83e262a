package io.queuey.platform.boundary;

import java.util.LinkedHashMap;
import java.util.Map;

/** The success shape of API.md: {@code "status": "ok"} and the call's fields. */
public final class Responses {

  private Responses() {}

  public static Map<String, Object> ok(Map<String, ?> fields) {
    var json = new LinkedHashMap<String, Object>();
    json.put("status", "ok");
    json.putAll(fields);
    return json;
  }
}
