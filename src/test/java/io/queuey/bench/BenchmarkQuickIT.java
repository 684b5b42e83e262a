package io.queuey.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.it.QueueyServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark tool works: a {@code --quick} run against the test build's Payara Micro and
 * Cassandra (raw figures in a keyspace of their own) produces every row, without a single failed
 * request. It asserts nothing about speed: this machine is shared and small.
 */
@ExtendWith(QueueyServer.class)
class BenchmarkQuickIT {

  private static final List<String> EXPECTED_ROWS =
      List.of(
          "raw.insert",
          "http.post",
          "raw.batch",
          "http.post_batch",
          "raw.range",
          "http.get_since",
          "raw.by_id",
          "http.get_by_id",
          "raw.queue_insert",
          "http.create_queue",
          "halfLoad.post",
          "halfLoad.get_since",
          "scale.create_queues_http",
          "scale.list_small.start",
          "scale.list_small.middle",
          "scale.list_small.end",
          "scale.list.start",
          "scale.list.middle",
          "scale.list.end",
          "scale.load_messages",
          "scale.since.start",
          "scale.since.middle",
          "scale.since.end",
          "memory.payara",
          "memory.cassandra",
          "memory.client",
          "cpu.http.post",
          "cpu.http.post_batch",
          "cpu.http.get_since",
          "cpu.http.get_by_id",
          "cpu.http.all_messages");

  @Test
  void aQuickRunProducesEveryRowWithoutErrors() throws Exception {
    Path json = Path.of("target", "benchmark-quick.json");
    long start = System.nanoTime();
    Report report =
        Benchmark.run(
            "--quick",
            "--url",
            QueueyServer.baseUri().toString(),
            "--app",
            "app-one",
            "--key",
            "it-key-one",
            "--cassandra-port",
            System.getProperty("queuey.it.cassandra.port", "19042"),
            "--keyspace",
            "queuey_bench",
            "--json",
            json.toString());
    System.out.printf("Quick benchmark run: %.1f s%n", (System.nanoTime() - start) / 1e9);
    System.out.println(report.markdown());

    Map<String, Long> errorsByRow =
        report.rows().stream()
            .collect(Collectors.toMap(Report.Row::key, Report.Row::errors, Long::sum));
    for (String expected : EXPECTED_ROWS) {
      assertTrue(errorsByRow.containsKey(expected), "row " + expected + " is missing");
    }
    errorsByRow.forEach(
        (row, errors) ->
            assertEquals(
                0L, errors, "errors in row " + row + "; first failures: " + Load.firstFailures()));

    JsonObject written = Json.createReader(new StringReader(Files.readString(json))).readObject();
    Set<String> keysInJson =
        written.getJsonObject("sections").values().stream()
            .flatMap(section -> section.asJsonArray().stream())
            .map(row -> row.asJsonObject().getString("key"))
            .collect(Collectors.toSet());
    assertEquals(errorsByRow.keySet(), keysInJson, "the JSON has the same rows");
    assertTrue(report.markdown().contains("| POST one message |"), "the Markdown has the rows");
  }
}
