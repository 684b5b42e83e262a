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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark tool works: a {@code --quick} run against the test build's Payara Micro and
 * Cassandra (raw figures in a keyspace of their own) produces every row, without a single failed
 * request, and with a passing verdict; the verdict itself (what makes a run exit non-zero) is
 * checked on fabricated rows and processes. It asserts nothing about speed: this machine is shared
 * and small.
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
          "warmup.0",
          "warmup.1",
          "halfLoad.post",
          "halfLoad.get_since",
          "groups.seed",
          "groups.raw_cycle",
          "groups.at_most_once.max_1",
          "groups.at_most_once.max_10",
          "groups.at_most_once.max_100",
          "groups.at_least_once.max_1",
          "groups.at_least_once.max_10",
          "groups.at_least_once.max_100",
          "groups.exactly_once.max_1",
          "groups.exactly_once.max_10",
          "groups.exactly_once.max_100",
          "groups.latency",
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
          "cpu.groups.at_most_once.max_1",
          "cpu.groups.at_least_once.max_100",
          "cpu.groups.exactly_once.max_100",
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
    assertEquals(List.of(), report.problems(), "the verdict of a clean quick run");
    assertTrue(written.getJsonObject("verdict").getBoolean("passed"), "the JSON says it passed");
    assertTrue(
        report.markdown().contains("## Verdict\n\nPassed"), "the Markdown states the verdict");
  }

  // The verdict on fabricated rows and processes: what makes a full run exit non-zero.

  private static Report.Row fabricated(String key, long requests, long errors) {
    return new Report.Row("throughput", key, key, Map.of("requests", requests), errors);
  }

  private static Verdict.Watched alive() {
    return new Verdict.Watched("this JVM", ProcessHandle.current().pid(), Optional.empty());
  }

  @Test
  void aRowWithinTheToleranceAndLiveProcessesPass() {
    assertEquals(
        List.of(),
        Verdict.problems(
            List.of(fabricated("http.post", 20_000, 20), fabricated("raw.insert", 500, 0)),
            List.of(alive())));
  }

  @Test
  void aRowBeyondTheToleranceFailsTheRunAndIsNamed() {
    List<String> problems =
        Verdict.problems(
            List.of(fabricated("http.post", 20_000, 20), fabricated("http.post_batch", 5_000, 6)),
            List.of(alive()));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("http.post_batch"), problems.get(0));
    assertTrue(problems.get(0).contains("6 errors in 5,000 requests"), problems.get(0));
  }

  @Test
  void anyErrorInASmallRowFailsTheRun() {
    assertEquals(0, Verdict.tolerated(999));
    assertEquals(1, Verdict.problems(List.of(fabricated("scale.list", 53, 1)), List.of()).size());
    // A row that does not say how many requests it made tolerates nothing.
    assertEquals(
        1,
        Verdict.problems(List.of(new Report.Row("memory", "memory.x", "x", Map.of(), 1)), List.of())
            .size());
  }

  @Test
  void aServerProcessThatDiedFailsTheRunAndItsOutOfMemoryErrorIsReported() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Path log = Files.createTempFile("cassandra", ".log");
    Files.writeString(log, "INFO ...\njava.lang.OutOfMemoryError: Java heap space\n");
    List<String> problems =
        Verdict.problems(
            List.of(fabricated("http.post", 1_000, 0)),
            List.of(alive(), new Verdict.Watched("Cassandra", dead.pid(), Optional.of(log))));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("Cassandra (pid " + dead.pid() + ") died"), problems.get(0));
    assertTrue(problems.get(0).contains("OutOfMemoryError"), problems.get(0));
  }

  @Test
  void aFailedVerdictIsInTheReport() throws Exception {
    var report = new Report();
    report.add("throughput", "http.post", "POST one message", Map.of("requests", 100L), 3);
    report.problems(Verdict.problems(report.rows(), List.of()));
    assertTrue(report.markdown().contains("FAILED"), report.markdown());
    Path json = Files.createTempFile("verdict", ".json");
    report.writeJson(json);
    JsonObject written = Json.createReader(new StringReader(Files.readString(json))).readObject();
    assertEquals(false, written.getJsonObject("verdict").getBoolean("passed"));
    assertEquals(1, written.getJsonObject("verdict").getJsonArray("problems").size());
  }
}
