package io.queuey.bench;

import io.queuey.tools.LocalCassandra;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;
import org.jboss.shrinkwrap.resolver.api.maven.ScopeType;
import org.jboss.shrinkwrap.resolver.api.maven.coordinate.MavenDependencies;

/**
 * The peer: ElasticMQ, an in-memory SQS-compatible server, run from Maven Central's jars (resolved
 * here with ShrinkWrap's Maven resolver, so the build needs no extra plugin) in a JVM of its own,
 * and driven through SQS's query API by the same HTTP client as Queuey.
 */
final class ElasticMq implements AutoCloseable {

  static final String QUEUE = "bench";

  private final Process process;
  private final Path log;
  private final URI base;
  private final String queueUrl;
  private final HttpClient client;
  private final String body;

  private ElasticMq(Process process, Path log, int port, String body) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port + "/");
    this.queueUrl = "http://127.0.0.1:" + port + "/000000000000/" + QUEUE;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.body = URLEncoder.encode(body, StandardCharsets.UTF_8);
  }

  static final String ARTIFACT = "org.elasticmq:elasticmq-server_2.13:1.6.11";

  /**
   * ElasticMQ's jars from the local Maven repository (downloaded from Maven Central the first
   * time), without the test jar its pom names and Central does not serve.
   */
  static String classpath() {
    File[] jars =
        Maven.resolver()
            .addDependencies(
                MavenDependencies.createDependency(
                    ARTIFACT,
                    ScopeType.COMPILE,
                    false,
                    MavenDependencies.createExclusion("org.elasticmq:elasticmq-common-test_2.13")))
            .resolve()
            .withTransitivity()
            .asFile();
    return java.util.Arrays.stream(jars)
        .map(File::getAbsolutePath)
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  /** Starts ElasticMQ on {@code port} with one queue; answers once it takes requests. */
  static ElasticMq start(Path basedir, int port, String heap, String body)
      throws IOException, InterruptedException {
    Path directory = basedir.resolve("target/bench-elasticmq");
    Files.createDirectories(directory);
    Path config = directory.resolve("custom.conf");
    Files.writeString(
        config,
        """
        include classpath("application.conf")
        node-address { host = "127.0.0.1", port = %d }
        rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1" }
        rest-stats { enabled = false }
        queues { %s { } }
        """
            .formatted(port, port, QUEUE));
    if (LocalCassandra.isReachable("127.0.0.1", port)) {
      throw new IllegalStateException(
          "something else listens on 127.0.0.1:" + port + "; choose another --elasticmq-port");
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Dconfig.file=" + config);
    command.add("-cp");
    command.add(classpath());
    command.add("org.elasticmq.server.Main");
    Path log = directory.resolve("elasticmq.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var peer = new ElasticMq(process, log, port, body);
    System.out.printf("Starting ElasticMQ on port %d (log in %s)%n", port, log);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (true) {
      try {
        peer.send("Action=GetQueueUrl&QueueName=" + QUEUE).get();
        System.out.printf("ElasticMQ is ready (pid %d)%n", process.pid());
        return peer;
      } catch (Exception notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          peer.close();
          throw new IllegalStateException("ElasticMQ did not start; see " + log, notYet);
        }
        Thread.sleep(250);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  private CompletableFuture<String> send(String form) {
    HttpRequest request =
        HttpRequest.newBuilder(base)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                String text = response.body();
                throw new IllegalStateException(
                    "ElasticMQ answered "
                        + response.statusCode()
                        + ": "
                        + text.substring(0, Math.min(300, text.length())));
              }
              return response.body();
            });
  }

  private String queue() {
    return "&QueueUrl=" + URLEncoder.encode(queueUrl, StandardCharsets.UTF_8);
  }

  /** {@code SendMessage}: one message. */
  Load.Operation sendMessage() {
    String form = "Action=SendMessage" + queue() + "&MessageBody=" + body;
    return sequence ->
        send(form)
            .thenApply(
                answer -> require(Http.occurrences(answer, "<MessageId>"), 1, "message ids"));
  }

  /** {@code SendMessageBatch} of {@code size} messages (SQS allows at most 10). */
  Load.Operation sendMessageBatch(int size) {
    var form = new StringBuilder("Action=SendMessageBatch").append(queue());
    for (int i = 1; i <= size; i++) {
      form.append("&SendMessageBatchRequestEntry.").append(i).append(".Id=m").append(i);
      form.append("&SendMessageBatchRequestEntry.").append(i).append(".MessageBody=").append(body);
    }
    String text = form.toString();
    return sequence ->
        send(text)
            .thenApply(
                answer ->
                    require(
                        Http.occurrences(answer, "<SendMessageBatchResultEntry>"), size, "sent"));
  }

  /**
   * {@code ReceiveMessage} of one message, then {@code DeleteMessage} of it (SQS's
   * acknowledgement): a consumer's cycle. Completes with 0 when the queue was empty.
   */
  Load.Operation receiveAndDelete() {
    String receive =
        "Action=ReceiveMessage" + queue() + "&MaxNumberOfMessages=1&VisibilityTimeout=30";
    return sequence ->
        send(receive)
            .thenCompose(
                answer -> {
                  int from = answer.indexOf("<ReceiptHandle>");
                  if (from < 0) {
                    return CompletableFuture.completedFuture(0);
                  }
                  from += "<ReceiptHandle>".length();
                  String receipt = answer.substring(from, answer.indexOf("</ReceiptHandle>", from));
                  return send("Action=DeleteMessage"
                          + queue()
                          + "&ReceiptHandle="
                          + URLEncoder.encode(unescapeXml(receipt), StandardCharsets.UTF_8))
                      .thenApply(deleted -> 1);
                });
  }

  private static String unescapeXml(String text) {
    return text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static int require(int found, int expected, String what) {
    if (found != expected) {
      throw new IllegalStateException("expected " + expected + " " + what + ", got " + found);
    }
    return found;
  }

  @Override
  public void close() {
    LocalCassandra.stop(process.toHandle());
  }
}
