package io.queuey.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The packaged WAR on an Open Liberty server of its own, on a free port, against a given Cassandra:
 * the server.xml of server-config/liberty, unchanged; the test settings in the server's
 * bootstrap.properties, as an operator would give them. The runtime is the one the build unpacks
 * into target/openliberty.
 */
public final class OpenLiberty extends AppServer {

  private OpenLiberty(Process process, URI baseUri, Path log) {
    super(process, baseUri, log);
  }

  /**
   * Creates the server {@code queuey-<name>} afresh, starts it and waits until the process answers
   * HTTP (not until it is ready).
   */
  public static OpenLiberty start(int cassandraPort, String name, Path log) throws IOException {
    return start(cassandraPort, name, log, List.of());
  }

  /** As {@link #start(int, String, Path)}, with further settings ({@code name=value}). */
  public static OpenLiberty start(int cassandraPort, String name, Path log, List<String> settings)
      throws IOException {
    Path home = Path.of(System.getProperty("queuey.it.liberty.home", "target/openliberty/wlp"));
    Path userDir = Path.of("target", "liberty-usr").toAbsolutePath();
    String serverName = "queuey-" + name;
    Path serverDir = userDir.resolve("servers").resolve(serverName);
    deleteRecursively(serverDir);
    Files.createDirectories(serverDir);
    Files.copy(
        Path.of(System.getProperty("queuey.it.liberty.config", "server-config/liberty/server.xml")),
        serverDir.resolve("server.xml"));
    // As PayaraMicro: a heap of the same size, and an OutOfMemoryError ends the server.
    Files.writeString(serverDir.resolve("jvm.options"), "-Xmx384m\n-XX:+ExitOnOutOfMemoryError\n");

    int port = freePort();
    var bootstrap = new Properties();
    try (InputStream in =
        Files.newInputStream(
            Path.of(
                System.getProperty("queuey.it.properties", "target/test-classes/it.properties")))) {
      bootstrap.load(in);
    }
    var all = new java.util.ArrayList<>(commonSettings(cassandraPort));
    all.addAll(settings);
    for (String setting : all) {
      int equals = setting.indexOf('=');
      bootstrap.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
    }
    String keyspace = System.getProperty("queuey.it.keyspace");
    if (keyspace != null) {
      bootstrap.setProperty("queuey.cassandra.keyspace", keyspace);
    }
    bootstrap.setProperty(
        "queuey.war",
        Path.of(System.getProperty("queuey.it.war", "target/queuey.war"))
            .toAbsolutePath()
            .toString());
    bootstrap.setProperty("http.port", Integer.toString(port));
    bootstrap.setProperty("https.port", "-1");
    // The application's INFO lines on the console too (the test's log), not only in messages.log.
    bootstrap.setProperty("com.ibm.ws.logging.console.log.level", "INFO");
    try (OutputStream out = Files.newOutputStream(serverDir.resolve("bootstrap.properties"))) {
      bootstrap.store(out, "Written by " + OpenLiberty.class.getName());
    }

    // 'server run' replaces itself with the server's JVM: SIGTERM reaches Liberty itself.
    var builder =
        new ProcessBuilder(
                List.of("/bin/sh", home.resolve("bin/server").toString(), "run", serverName))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("WLP_USER_DIR", userDir.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    return new OpenLiberty(process, URI.create("http://localhost:" + port + "/"), log);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
