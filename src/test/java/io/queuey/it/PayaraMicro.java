package io.queuey.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged WAR on a Payara Micro of its own, on a free port, against a given Cassandra. */
public final class PayaraMicro extends AppServer {

  private PayaraMicro(Process process, URI baseUri, Path log) {
    super(process, baseUri, log);
  }

  /** Starts it and waits until the process answers HTTP (not until it is ready). */
  public static PayaraMicro start(int cassandraPort, Path log) throws IOException {
    return start("127.0.0.1:" + cassandraPort, List.of(), log);
  }

  /**
   * As {@link #start(int, Path)}, with further JVM options such as {@code -Dqueuey.auth.x=y}
   * (settings beyond it.properties, for a test class that needs a server of its own).
   */
  public static PayaraMicro start(int cassandraPort, Path log, List<String> jvmOptions)
      throws IOException {
    return start("127.0.0.1:" + cassandraPort, jvmOptions, log);
  }

  /**
   * Starts it against the Cassandra nodes of {@code contactPoints} (comma-separated host:port),
   * with {@code properties} ({@code -Dname=value}) on top of the test defaults.
   */
  public static PayaraMicro start(String contactPoints, List<String> properties, Path log)
      throws IOException {
    return start(
        contactPoints,
        properties,
        log,
        Path.of(System.getProperty("queuey.it.properties", "target/test-classes/it.properties")));
  }

  /**
   * As {@link #start(String, List, Path)}, with the settings file {@code settingsFile} in place of
   * it.properties (for settings that file has: Payara Micro applies the file after the JVM's {@code
   * -D} options, so it would override them).
   */
  public static PayaraMicro start(
      String contactPoints, List<String> properties, Path log, Path settingsFile)
      throws IOException {
    return start(contactPoints, properties, log, settingsFile, List.of());
  }

  /**
   * As {@link #start(String, List, Path, Path)}, with {@code preBootCommands} (asadmin commands)
   * run after those of the usual pre-boot command file, e.g. to set up a config source.
   */
  public static PayaraMicro start(
      String contactPoints,
      List<String> properties,
      Path log,
      Path settingsFile,
      List<String> preBootCommands)
      throws IOException {
    int port = freePort();
    Path preBoot =
        Path.of(System.getProperty("queuey.it.preboot", "server-config/pre-boot-commands.txt"));
    if (!preBootCommands.isEmpty()) {
      var commands = new ArrayList<>(Files.readAllLines(preBoot));
      commands.addAll(preBootCommands);
      preBoot = Path.of(log + ".pre-boot-commands.txt");
      Files.write(preBoot, commands);
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    commonSettings(contactPoints).forEach(setting -> command.add("-D" + setting));
    command.addAll(properties);
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar", "target/payara-micro.jar"),
            "--deploy",
            System.getProperty("queuey.it.war", "target/queuey.war"),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(port),
            "--nohazelcast",
            "--prebootcommandfile",
            preBoot.toString(),
            "--postdeploycommandfile",
            "server-config/post-deploy-commands.txt",
            "--systemProperties",
            settingsFile.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PayaraMicro(process, URI.create("http://localhost:" + port + "/"), log);
  }
}
