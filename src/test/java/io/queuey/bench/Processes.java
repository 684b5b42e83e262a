package io.queuey.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Peak memory and CPU time of processes, from Linux's {@code /proc}: the benchmark reports what the
 * kernel accounted, which needs no agent in the measured JVMs.
 */
final class Processes {

  /**
   * {@code getconf CLK_TCK}: the unit of utime and stime in {@code /proc/PID/stat}; 100 on Linux.
   */
  static final double TICKS_PER_SECOND = 100.0;

  private Processes() {}

  /** CPU seconds (user + system) the process used so far, or NaN when it cannot be read. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name, field 2, is in parentheses and may hold spaces: count from after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException unreadable) {
      return Double.NaN;
    }
  }

  /** Peak resident set size (VmHWM) in MiB, or NaN when it cannot be read. */
  static double peakRssMib(long pid) {
    return statusKib(pid, "VmHWM:") / 1024.0;
  }

  /** Current resident set size (VmRSS) in MiB, or NaN. */
  static double rssMib(long pid) {
    return statusKib(pid, "VmRSS:") / 1024.0;
  }

  private static double statusKib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // reported as NaN
    }
    return Double.NaN;
  }

  /**
   * The process listening on a local TCP port, found through the socket's inode: how the benchmark
   * finds a server it did not start (the test build's Cassandra and Payara Micro).
   */
  static Optional<Long> listeningOn(int port) {
    Set<String> inodes = new HashSet<>();
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] fields = line.trim().split("\\s+");
          // local_address is ADDRESS:PORT in hex; state 0A is LISTEN; field 9 is the inode.
          if (fields.length > 9 && fields[1].endsWith(":" + hexPort) && fields[3].equals("0A")) {
            inodes.add("socket:[" + fields[9] + "]");
          }
        }
      } catch (IOException | RuntimeException unreadable) {
        // no such table (no IPv6): the other one may have it
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (ownsOneOf(process, inodes)) {
          return Optional.of(Long.parseLong(process.getFileName().toString()));
        }
      }
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static boolean ownsOneOf(Path process, Set<String> inodes) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
      for (Path fd : fds) {
        try {
          if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
            return true;
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while we looked
        }
      }
    } catch (IOException | SecurityException notOurs) {
      return false;
    }
    return false;
  }

  /**
   * Seconds the JVM of that process has spent compiling ({@code jstat -compiler}), or NaN: tells
   * whether its JIT is done, so that a measurement does not pay for compiling.
   */
  static double jitSeconds(long pid) {
    try {
      Process jstat =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                  "-compiler",
                  Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
      if (jstat.waitFor() != 0 || lines.size() < 2) {
        return Double.NaN;
      }
      // Compiled Failed Invalid Time FailedType FailedMethod
      return Double.parseDouble(lines.get(1).trim().split("\\s+")[3]);
    } catch (IOException | InterruptedException | RuntimeException unknown) {
      return Double.NaN;
    }
  }

  /** Total memory of the machine in GiB, from {@code /proc/meminfo}. */
  static double machineMemoryGib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // reported as NaN
    }
    return Double.NaN;
  }

  /** The 1-minute load average: tells the reader whether something else was using the CPU. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException unreadable) {
      return "unknown";
    }
  }
}
