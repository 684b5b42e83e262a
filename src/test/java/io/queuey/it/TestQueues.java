package io.queuey.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues one test class creates, each with a unique name (every class shares one server and one
 * keyspace, which outlives the run), deleted again after the class so that listings stay short.
 */
final class TestQueues {

  private record Created(String app, String key, String name) {}

  private final List<Created> created = new ArrayList<>();

  /** Creates a queue of app-one with these parameters; it must be a 201. Answers its name. */
  String create(String prefix, Map<String, String> parameters)
      throws IOException, InterruptedException {
    return create(Api.APP_ONE, Api.KEY_ONE, prefix, parameters);
  }

  String create(String prefix) throws IOException, InterruptedException {
    return create(prefix, Map.of());
  }

  String create(String app, String key, String prefix, Map<String, String> parameters)
      throws IOException, InterruptedException {
    String name = Api.uniqueName(prefix);
    var fields = new LinkedHashMap<String, String>();
    fields.put("queue_name", name);
    fields.putAll(parameters);
    var answer = Api.form("POST", "v1/" + app, key, fields);
    assertEquals(201, answer.status(), () -> "queue " + name + " is created: " + answer);
    created.add(new Created(app, key, name));
    return name;
  }

  /** Remembers a queue created otherwise, for the clean-up. */
  void track(String app, String key, String name) {
    created.add(new Created(app, key, name));
  }

  /** Best effort: a queue a test deleted itself is a 404 here, which is fine. */
  void deleteAll() {
    for (Created queue : created) {
      try {
        Api.delete("v1/" + queue.app() + "/" + queue.name(), queue.key());
      } catch (IOException | InterruptedException ignored) {
        // the queue stays; its name is unique
      }
    }
    created.clear();
  }
}
