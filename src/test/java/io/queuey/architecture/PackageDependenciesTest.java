package io.queuey.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of the README, checked on the sources: no cycles between top-level packages
 * (features and the shared {@code cassandra}, {@code errors}, {@code platform}, ...), and the roles
 * {@code boundary}, {@code control} and {@code entity} never import a storage adapter.
 */
class PackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java/io/queuey");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?io\\.queuey\\.([\\w.]+)\\.[A-Z]\\w*", Pattern.MULTILINE);

  /** Top-level package → the top-level packages it imports, with one file that does, each. */
  private static final Map<String, Map<String, String>> DEPENDENCIES = new TreeMap<>();

  private static final List<String> ADAPTER_IMPORTS = new ArrayList<>();

  @BeforeAll
  static void readSources() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .forEach(PackageDependenciesTest::read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void read(Path file) {
    Path relative = SOURCES.relativize(file);
    String feature = relative.getName(0).toString();
    String role = relative.getNameCount() > 2 ? relative.getName(1).toString() : "";
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher imports = IMPORT.matcher(text);
    while (imports.find()) {
      String imported = imports.group(1);
      String target = imported.split("\\.")[0];
      if (!target.equals(feature) && !relative.getName(0).toString().equals("tools")) {
        DEPENDENCIES
            .computeIfAbsent(feature, f -> new TreeMap<>())
            .putIfAbsent(target, relative.toString());
      }
      boolean adapter = target.equals("cassandra") || imported.endsWith(".storage");
      if (adapter && Set.of("boundary", "control", "entity").contains(role)) {
        ADAPTER_IMPORTS.add(relative + " imports " + imported);
      }
    }
  }

  @Test
  void theSourcesWereRead() {
    assertTrue(DEPENDENCIES.containsKey("messages"), DEPENDENCIES.keySet().toString());
    assertTrue(DEPENDENCIES.get("messages").containsKey("queues"), "messages uses queues");
  }

  @Test
  void noTopLevelPackagesDependOnEachOtherInACycle() {
    for (String start : DEPENDENCIES.keySet()) {
      List<String> cycle =
          cycleFrom(start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
      assertFalse(cycle != null, () -> "a cycle: " + describe(cycle));
    }
  }

  @Test
  void boundaryControlAndEntityNeverImportAStorageAdapter() {
    assertEquals(List.of(), ADAPTER_IMPORTS);
  }

  private static List<String> cycleFrom(
      String start, String current, List<String> path, Set<String> seen) {
    for (String next : DEPENDENCIES.getOrDefault(current, Map.of()).keySet()) {
      if (next.equals(start)) {
        var cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (seen.add(next)) {
        path.add(next);
        List<String> found = cycleFrom(start, next, path, seen);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  private static String describe(List<String> cycle) {
    var text = new StringBuilder();
    for (int i = 0; i + 1 < cycle.size(); i++) {
      text.append(cycle.get(i))
          .append(" -> ")
          .append(cycle.get(i + 1))
          .append(" (")
          .append(DEPENDENCIES.get(cycle.get(i)).get(cycle.get(i + 1)))
          .append(") ");
    }
    return text.toString();
  }
}
