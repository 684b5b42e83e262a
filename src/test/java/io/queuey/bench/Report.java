package io.queuey.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results: rows by section, rendered as Markdown tables and as JSON. */
final class Report {

  /** One measured line. {@code values} are keyed by the section's column keys. */
  record Row(String section, String key, String name, Map<String, Object> values, long errors) {}

  /** A column of a section's table: the key of the value and its heading. */
  record Column(String key, String heading) {}

  /** A table: its heading, an explanation under it, and its columns after the name column. */
  record Section(
      String id, String title, String nameHeading, String explanation, List<Column> columns) {}

  static final List<Section> SECTIONS =
      List.of(
          new Section(
              "throughput",
              "Maximum throughput (closed loop)",
              "Operation",
              "Median of the repetitions. Raw rows: the driver alone against the same tables. Floor"
                  + " rows: a bare JAX-RS resource in a second WAR of the same Payara Micro, same"
                  + " request and answer sizes as the Queuey row after it. Queuey rows: over HTTP;"
                  + " *raw* is the matching raw row's msg/s and *÷ raw* = Queuey ÷ raw (queue"
                  + " creation: req/s); *stack limit* = 1 / (1/raw + 1/floor) in msg/s, what this"
                  + " machine could do if Queuey's own code cost nothing, and *÷ limit* = Queuey ÷"
                  + " stack limit; *÷ peer* = Queuey ÷ ElasticMQ's send of the same run (msg/s;"
                  + " its batches are of 10, Queuey's of 100). Peer rows: ElasticMQ 1.6.11"
                  + " (in memory, not durable) over SQS's query API.",
              List.of(
                  new Column("requestsPerSecond", "req/s"),
                  new Column("messagesPerSecond", "msg/s"),
                  new Column("p50", "p50 ms"),
                  new Column("p99", "p99 ms"),
                  new Column("p999", "p99.9 ms"),
                  new Column("errors", "errors"),
                  new Column("rawFigure", "raw"),
                  new Column("ratio", "÷ raw"),
                  new Column("stackLimit", "stack limit"),
                  new Column("stackRatio", "÷ limit"),
                  new Column("peerRatio", "÷ peer"),
                  new Column("note", "note"))),
          new Section(
              "warmup",
              "Warm-up curve (closed loop, right after start-up)",
              "Window",
              "POST one message in consecutive windows from the first moment Queuey answered ready"
                  + " (after the run's setup: queues created, messages seeded); *÷ steady* = the"
                  + " window's req/s ÷ the POST row above, measured after every warm-up.",
              List.of(
                  new Column("secondsSinceReady", "s since ready"),
                  new Column("requestsPerSecond", "req/s"),
                  new Column("p50", "p50 ms"),
                  new Column("p99", "p99 ms"),
                  new Column("errors", "errors"),
                  new Column("ratio", "÷ steady"))),
          new Section(
              "halfLoad",
              "Latency at 50% of the maximum rate (open loop)",
              "Operation",
              "Requests at fixed intended times; latency from the intended time, so queueing delay"
                  + " counts.",
              List.of(
                  new Column("targetPerSecond", "target req/s"),
                  new Column("requestsPerSecond", "achieved req/s"),
                  new Column("p50", "p50 ms"),
                  new Column("p99", "p99 ms"),
                  new Column("p999", "p99.9 ms"),
                  new Column("errors", "errors"))),
          new Section(
              "groups",
              "Consumer groups (closed loop)",
              "Consumers",
              "Each row a fresh group (start=earliest) of one seeded queue, consumers in a loop of"
                  + " claim (wait=0) then ack of its receipts (none in at_most_once); latency of"
                  + " that cycle. *LWTs* and *CAS retries* per claim from the server's"
                  + " queuey_group_lwts and queuey_group_cas_retries counters (/metrics) before and"
                  + " after the row. *÷ raw*: msg/s ÷ the raw range read of the same run."
                  + " *÷ raw cycle*: msg/s ÷ the raw claim-and-ack cycle row (the driver alone"
                  + " doing the range read, the LWT batch of lease rows and the ack batch, each"
                  + " cycle on a fresh delivery partition). The latency row: post→claim with long"
                  + " polling (p50/p99 columns).",
              List.of(
                  new Column("claimsPerSecond", "claims/s"),
                  new Column("messagesPerSecond", "msg/s"),
                  new Column("acksPerSecond", "acks/s"),
                  new Column("p50", "p50 ms"),
                  new Column("p99", "p99 ms"),
                  new Column("lwtsPerClaim", "LWTs/claim"),
                  new Column("casRetriesPerClaim", "CAS retries/claim"),
                  new Column("errors", "errors"),
                  new Column("rawFigure", "raw"),
                  new Column("ratio", "÷ raw"),
                  new Column("cycleFigure", "raw cycle"),
                  new Column("cycleRatio", "÷ raw cycle"),
                  new Column("note", "note"))),
          new Section(
              "scale",
              "Scale",
              "Measurement",
              "Loads: rate over the whole load. Pages: one request at a time (unloaded), after the"
                  + " load.",
              List.of(
                  new Column("count", "count"),
                  new Column("ratePerSecond", "rate /s"),
                  new Column("p50", "p50 ms"),
                  new Column("p99", "p99 ms"),
                  new Column("errors", "errors"),
                  new Column("note", "note"))),
          new Section(
              "memory",
              "Peak memory",
              "Process",
              "VmHWM from /proc at the end of the run.",
              List.of(new Column("pid", "pid"), new Column("peakRssMib", "peak RSS MiB"))),
          new Section(
              "cpu",
              "CPU seconds per 1,000 messages",
              "Operation",
              "utime+stime from /proc over the measured repetitions ÷ (messages moved / 1,000);"
                  + " queue creation: per 1,000 queues. The client is the benchmark's JVM.",
              List.of(
                  new Column("messages", "messages"),
                  new Column("payara", "Payara Micro"),
                  new Column("cassandra", "Cassandra"),
                  new Column("elasticmq", "ElasticMQ"),
                  new Column("client", "client"))));

  private final Map<String, Object> header = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  void header(String name, Object value) {
    header.put(name, value);
  }

  Row add(String section, String key, String name, Map<String, Object> values, long errors) {
    var all = new LinkedHashMap<String, Object>(values);
    all.put("errors", errors);
    var row = new Row(section, key, name, all, errors);
    rows.add(row);
    return row;
  }

  void note(String note) {
    notes.add(note);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /** The verdict's findings ({@link Verdict#problems}): the run failed when there are any. */
  void problems(List<String> found) {
    problems.clear();
    problems.addAll(found);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  String markdown() {
    var text = new StringBuilder("# Queuey benchmark\n\n");
    header.forEach(
        (name, value) -> text.append("- ").append(name).append(": ").append(value).append('\n'));
    for (Section section : SECTIONS) {
      List<Row> inSection =
          rows.stream().filter(row -> row.section().equals(section.id())).toList();
      if (inSection.isEmpty()) {
        continue;
      }
      text.append("\n## ").append(section.title()).append("\n\n");
      text.append(section.explanation()).append("\n\n");
      text.append("| ").append(section.nameHeading());
      section.columns().forEach(column -> text.append(" | ").append(column.heading()));
      text.append(" |\n|---");
      section.columns().forEach(column -> text.append("|---:"));
      text.append("|\n");
      for (Row row : inSection) {
        text.append("| ").append(row.name());
        for (Column column : section.columns()) {
          text.append(" | ").append(format(row.values().get(column.key())));
        }
        text.append(" |\n");
      }
    }
    text.append("\n## Verdict\n\n");
    if (problems.isEmpty()) {
      text.append(
          "Passed: every server process lived to the end of the run, and no row has more than "
              + Verdict.TOLERATED_ERRORS_PER_THOUSAND
              + " error per 1,000 of its requests.\n");
    } else {
      text.append("FAILED: these figures cannot be trusted.\n\n");
      problems.forEach(problem -> text.append("- ").append(problem).append('\n'));
    }
    if (!notes.isEmpty()) {
      text.append("\nNotes:\n\n");
      notes.forEach(note -> text.append("- ").append(note).append('\n'));
    }
    // What went wrong, once per kind: an error count alone does not say whether the server, the
    // storage or the benchmark failed.
    var failures = new LinkedHashMap<String, String>();
    for (String failure : Load.firstFailures()) {
      failures.putIfAbsent(failure.replaceAll("[0-9a-f]{8,}|\\d+", "#"), failure);
    }
    if (!failures.isEmpty()) {
      text.append("\nFailures seen (first of each kind):\n\n");
      failures
          .values()
          .forEach(
              failure ->
                  text.append("- ")
                      .append(failure, 0, Math.min(300, failure.length()))
                      .append('\n'));
    }
    return text.toString();
  }

  static String format(Object value) {
    if (value == null) {
      return "—";
    }
    if (value instanceof Double number) {
      double d = number;
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "—";
      }
      double magnitude = Math.abs(d);
      if (magnitude >= 1000) {
        return String.format(Locale.ROOT, "%,.0f", d);
      }
      if (magnitude >= 100) {
        return String.format(Locale.ROOT, "%.0f", d);
      }
      if (magnitude >= 10) {
        return String.format(Locale.ROOT, "%.1f", d);
      }
      return String.format(Locale.ROOT, "%.2f", d);
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
    }
    return value.toString().replace("|", "\\|");
  }

  void writeJson(Path file) throws IOException {
    JsonObjectBuilder root = Json.createObjectBuilder();
    JsonObjectBuilder head = Json.createObjectBuilder();
    header.forEach((name, value) -> put(head, name, value));
    root.add("header", head);
    JsonObjectBuilder sections = Json.createObjectBuilder();
    for (Section section : SECTIONS) {
      var array = Json.createArrayBuilder();
      for (Row row : rows) {
        if (row.section().equals(section.id())) {
          JsonObjectBuilder json = Json.createObjectBuilder();
          json.add("key", row.key());
          json.add("name", row.name());
          row.values().forEach((name, value) -> put(json, name, value));
          array.add(json);
        }
      }
      sections.add(section.id(), array);
    }
    root.add("sections", sections);
    var notesJson = Json.createArrayBuilder();
    notes.forEach(notesJson::add);
    root.add("notes", notesJson);
    var verdict = Json.createArrayBuilder();
    problems.forEach(verdict::add);
    root.add(
        "verdict",
        Json.createObjectBuilder().add("passed", problems.isEmpty()).add("problems", verdict));
    var failures = Json.createArrayBuilder();
    Load.firstFailures().forEach(failures::add);
    root.add("firstFailures", failures);

    var out = new StringWriter();
    try (var writer =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
      writer.writeObject(root.build());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, out.toString().strip() + "\n");
  }

  private static void put(JsonObjectBuilder json, String name, Object value) {
    if (value == null) {
      json.addNull(name);
    } else if (value instanceof Double number) {
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        json.addNull(name);
      } else {
        json.add(name, number);
      }
    } else if (value instanceof Long number) {
      json.add(name, number);
    } else if (value instanceof Integer number) {
      json.add(name, number);
    } else if (value instanceof Boolean flag) {
      json.add(name, flag);
    } else {
      json.add(name, value.toString());
    }
  }
}
