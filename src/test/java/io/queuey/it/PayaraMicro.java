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
    int port = freePort();
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    commonSettings(cassandraPort).forEach(setting -> command.add("-D" + setting));
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
            "--systemProperties",
            System.getProperty("queuey.it.properties", "target/test-classes/it.properties")));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PayaraMicro(process, URI.create("http://localhost:" + port + "/"), log);
  }
}
