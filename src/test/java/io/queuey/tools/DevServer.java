package io.queuey.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code mvn -Prun package}: Queuey on Payara Micro at http://localhost:8080/, against the
 * Cassandra at 127.0.0.1:9042 if one answers there, else against a local one it starts (data kept
 * in {@code .local-cassandra/}). Ctrl-C stops both.
 */
public final class DevServer {

  private DevServer() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(System.getProperty("queuey.basedir", ".")).toAbsolutePath();
    int httpPort = Integer.getInteger("queuey.http.port", 8080);
    int cassandraPort = Integer.getInteger("cassandra.native.port", 9042);
    Path serverConfig = base.resolve("server-config");

    String storage = System.getProperty("queuey.storage", "cassandra");
    Process cassandra = null;
    if (storage.equals("memory")) {
      System.out.println("Storage: memory (nothing is kept across restarts)");
    } else if (LocalCassandra.isReachable("127.0.0.1", cassandraPort)) {
      System.out.printf("Using the Cassandra already running at 127.0.0.1:%d%n", cassandraPort);
    } else {
      cassandra = new LocalCassandra(LocalCassandra.Settings.fromSystemProperties()).start();
    }

    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options(serverConfig.resolve("payara-micro.jvm.options"), base));
    command.add("-Dqueuey.cassandra.contact-points=127.0.0.1:" + cassandraPort);
    command.add("-Dqueuey.storage=" + storage);
    command.add("-jar");
    command.add(base.resolve("target/payara-micro.jar").toString());
    command.add("--deploy");
    command.add(base.resolve("target/queuey.war").toString());
    command.add("--port");
    command.add(Integer.toString(httpPort));
    command.addAll(options(serverConfig.resolve("payara-micro.options"), base));
    command.add("--systemProperties");
    command.add(serverConfig.resolve("dev.properties").toString());
    command.add("--logProperties");
    command.add(serverConfig.resolve("logging.properties").toString());
    // The options file names the command files relative to the project.
    Process payara = new ProcessBuilder(command).directory(base.toFile()).inheritIO().start();

    Process startedCassandra = cassandra;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Queuey...");
                  LocalCassandra.stop(payara.toHandle());
                  if (startedCassandra != null) {
                    System.out.println("Stopping the local Cassandra...");
                    LocalCassandra.stop(startedCassandra.toHandle());
                  }
                }));

    announceWhenReady(httpPort, serverConfig.resolve("dev.properties"), payara);
    int exit = payara.waitFor();
    if (startedCassandra != null) {
      LocalCassandra.stop(startedCassandra.toHandle());
    }
    System.out.println("Payara Micro exited with " + exit);
  }

  /** The options of the file; paths in it (server-config/...) are relative to the project. */
  private static List<String> options(Path file, Path base) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.startsWith("server-config/") ? base.resolve(line).toString() : line)
        .toList();
  }

  private static void announceWhenReady(int port, Path devProperties, Process payara)
      throws IOException, InterruptedException {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    var ready =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready")).build();
    while (payara.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // Payara is still starting.
      }
      Thread.sleep(500);
    }
    if (!payara.isAlive()) {
      return;
    }
    var dev = new Properties();
    try (var in = Files.newBufferedReader(devProperties)) {
      dev.load(in);
    }
    String application = dev.getProperty("queuey.applications").split(",")[0].trim();
    String key =
        dev.getProperty("queuey.application." + application + ".keys").split(",")[0].trim();
    System.out.printf(
        "%n  Queuey is ready at http://localhost:%d/%n"
            + "  Development application: %s%n"
            + "  Development key (DEV ONLY, from server-config/dev.properties): %s%n"
            + "  Try: curl -H 'Authorization: Application %s' http://localhost:%d/v1/%s%n"
            + "  Ctrl-C stops Queuey and the Cassandra it started.%n%n",
        port, application, key, key, port, application);
  }
}
