package io.queuey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a run's figures can be believed. A run fails when a row has more errors than {@link
 * #tolerated} allows, or when a server process it measured died during the run: then the figures
 * after that point measure a broken system, and the benchmark says so (and exits non-zero) instead
 * of printing a table that looks like a result.
 */
final class Verdict {

  /**
   * Errors a row may have: one per thousand of its requests, rounded down (so none in a row of
   * fewer than 1,000 requests). Enough for a single timed-out request in a long run on a shared
   * machine, far below what a failing server produces.
   */
  static final long TOLERATED_ERRORS_PER_THOUSAND = 1;

  /** A process the run depends on: its name, its pid and, when known, its log. */
  record Watched(String name, long pid, Optional<Path> log) {

    boolean alive() {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private Verdict() {}

  static long tolerated(long requests) {
    return Math.max(0, requests) * TOLERATED_ERRORS_PER_THOUSAND / 1000;
  }

  /** What is wrong with the run; empty when nothing is. */
  static List<String> problems(List<Report.Row> rows, List<Watched> processes) {
    var problems = new ArrayList<String>();
    for (Watched process : processes) {
      if (!process.alive()) {
        problems.add(
            String.format(
                Locale.ROOT,
                "%s (pid %d) died during the run%s",
                process.name(),
                process.pid(),
                process.log().flatMap(Verdict::outOfMemory).orElse("")));
      }
    }
    for (Report.Row row : rows) {
      long requests = requests(row);
      if (row.errors() > tolerated(requests)) {
        problems.add(
            String.format(
                Locale.ROOT,
                "row %s (%s): %,d errors in %,d requests (tolerated: %,d)",
                row.key(),
                row.name(),
                row.errors(),
                requests,
                tolerated(requests)));
      }
    }
    return problems;
  }

  /** The requests a row made, as its values record them; 0 (no tolerance) when they do not. */
  static long requests(Report.Row row) {
    return row.values().get("requests") instanceof Number number ? number.longValue() : 0;
  }

  /** ": OutOfMemoryError (see LOG)" when the process's log says it ran out of memory. */
  private static Optional<String> outOfMemory(Path log) {
    try (var lines = Files.lines(log)) {
      return lines.anyMatch(line -> line.contains("java.lang.OutOfMemoryError"))
          ? Optional.of(": OutOfMemoryError in its log " + log)
          : Optional.of(" (log: " + log + ")");
    } catch (IOException | java.io.UncheckedIOException unreadable) {
      return Optional.empty();
    }
  }
}
