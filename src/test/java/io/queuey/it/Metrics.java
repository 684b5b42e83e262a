package io.queuey.it;

/** Reads the application metrics of the test server in Prometheus text format. */
final class Metrics {

  private Metrics() {}

  static String scrape() throws Exception {
    var answer = Api.get("metrics?scope=application", null);
    if (answer.status() != 200) {
      throw new IllegalStateException("GET /metrics answered " + answer.status());
    }
    return answer.raw().body();
  }

  /** The sum of the samples of {@code name} whose tag {@code tag} has that value; 0 if none. */
  static double sum(String name, String tag, String value) throws Exception {
    double sum = 0;
    for (String line : scrape().split("\n")) {
      if (line.startsWith(name + "{") && line.contains(tag + "=\"" + value + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /**
   * The one sample of the untagged (but for its scope) gauge {@code name}; fails if it is absent.
   */
  static double gauge(String name) throws Exception {
    String text = scrape();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no gauge " + name + " at /metrics:\n" + text);
  }
}
