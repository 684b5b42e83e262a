package io.queuey.it;

import java.io.IOException;
import java.net.URI;
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
    int port = freePort();
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
            System.getProperty("queuey.it.preboot", "server-config/pre-boot-commands.txt"),
            "--postdeploycommandfile",
            "server-config/post-deploy-commands.txt",
            "--systemProperties",
            settingsFile.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PayaraMicro(process, URI.create("http://localhost:" + port + "/"), log);
  }
}
