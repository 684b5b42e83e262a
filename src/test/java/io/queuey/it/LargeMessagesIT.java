package io.queuey.it;

import static io.queuey.it.Api.APP_ONE;
import static io.queuey.it.Api.KEY_ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory per request is bounded: 300 messages of 1 MiB in a public queue on four partitions, read
 * anonymously with every partition and {@code limit=1000}, several readers at once. Every answer is
 * a 200 of whole messages within {@code queuey.read.max-response-bytes} (8 MiB, plus at most one
 * message), a reader walking with {@code since} gets every message exactly once, and neither the
 * application server nor Cassandra ran out of memory. About 300 MiB go through the test server and
 * Cassandra.
 */
@ExtendWith(QueueyServer.class)
class LargeMessagesIT {

  private static final int MESSAGES = 300;
  private static final int PARTITIONS = 4;
  private static final int BODY_BYTES = 1024 * 1024;
  private static final long MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
  private static final String ALL_PARTITIONS = "1,2,3,4";

  private static final java.util.concurrent.atomic.AtomicInteger RETRIED =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final TestQueues queues = new TestQueues();
  private static String queue;

  @BeforeAll
  static void fillAPublicQueueWithLargeMessages() throws Exception {
    queue =
        queues.create(
            "large", Map.of("type", "public", "partitions", Integer.toString(PARTITIONS)));
    // PUT by id, which is idempotent, so that a 503 of an overloaded machine can be retried
    // without storing a message twice.
    long start = Ids.nowTicks() - 10_000_000L * MESSAGES;
    ExecutorService posters = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> posts = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        int number = i;
        String ref = (1 + number % PARTITIONS) + "%3A" + Ids.v1At(start + 10_000_000L * number);
        posts.add(
            posters.submit(
                () -> {
                  Api.Answer answer = null;
                  for (int attempt = 0; attempt < 5; attempt++) {
                    answer =
                        Api.raw(
                            "PUT",
                            "v1/" + APP_ONE + "/" + queue + "/" + ref,
                            Api.application(KEY_ONE),
                            Map.of("Content-Type", "text/plain"),
                            body(number).getBytes(StandardCharsets.US_ASCII));
                    if (answer.status() != 503) {
                      break;
                    }
                    Thread.sleep(2000);
                  }
                  assertEquals(200, answer.status(), answer::toString);
                  return null;
                }));
      }
      for (Future<?> post : posts) {
        post.get();
      }
    } finally {
      posters.shutdownNow();
    }
  }

  /**
   * A read; a 503 ("did not answer in time") of the shared, overloaded test machine is retried, as
   * a client would, and counted.
   */
  private static Api.Answer read(String path) throws Exception {
    Api.Answer answer = Api.get(path, null);
    for (int attempt = 0; attempt < 5 && answer.status() == 503; attempt++) {
      RETRIED.incrementAndGet();
      Thread.sleep(2000);
      answer = Api.get(path, null);
    }
    return answer;
  }

  @AfterAll
  static void deleteQueues() {
    System.out.println("LargeMessagesIT: reads retried after a 503: " + RETRIED.get());
    queues.deleteAll();
  }

  /** 1 MiB of ASCII that starts with its own number, so that a cut message shows. */
  private static String body(int number) {
    byte[] bytes = new byte[BODY_BYTES];
    Arrays.fill(bytes, (byte) ('a' + number % 26));
    byte[] head = ("message-" + number + ":").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, bytes, 0, head.length);
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static String path(String query) {
    return "v1/" + APP_ONE + "/" + queue + "?partitions=" + ALL_PARTITIONS + "&limit=1000" + query;
  }

  /** A 200 of whole messages, within the byte bound. */
  private static List<JsonObject> assertWholeAndBounded(Api.Answer answer) {
    assertEquals(200, answer.status(), () -> "status of a large read: " + answer.status());
    List<JsonObject> messages = answer.messages();
    assertFalse(messages.isEmpty(), "a read of a full queue answers messages");
    long bytes = 0;
    for (JsonObject message : messages) {
      String body = message.getString("body");
      assertEquals(BODY_BYTES, body.length(), "a whole message");
      int number = Integer.parseInt(body.substring("message-".length(), body.indexOf(':')));
      assertEquals(body(number), body, "the message as posted");
      bytes += body.length();
    }
    assertTrue(
        bytes <= MAX_RESPONSE_BYTES + BODY_BYTES,
        "at most the response bound and one message: " + bytes);
    return messages;
  }

  @Test
  void concurrentAnonymousReadsOfEveryPartitionAreWholeAndBounded() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Api.Answer>> reads = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        reads.add(readers.submit(() -> read(path(""))));
      }
      for (Future<Api.Answer> read : reads) {
        List<JsonObject> messages = assertWholeAndBounded(read.get());
        assertTrue(messages.size() < MESSAGES, "the bound, not the limit, ended the read");
      }
    } finally {
      readers.shutdownNow();
    }
    assertNoOutOfMemory();
  }

  @Test
  void aReaderWalkingWithSinceGetsEveryMessageExactlyOnce() throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (int partition = 1; partition <= PARTITIONS; partition++) {
      String since = null;
      Set<String> ofPartition = new HashSet<>();
      for (int page = 0; page < MESSAGES; page++) {
        String query = "v1/" + APP_ONE + "/" + queue + "?partitions=" + partition + "&limit=1000";
        var answer = read(query + (since == null ? "" : "&since=" + since));
        List<JsonObject> messages = assertWholeAndBounded(answer);
        int added = 0;
        for (JsonObject message : messages) {
          String id = message.getString("message_id");
          // since is inclusive: the message it names comes again first, and is not new.
          if (!id.equals(since)) {
            seen.merge(id, 1, Integer::sum);
            ofPartition.add(id);
            added++;
          }
        }
        since = messages.get(messages.size() - 1).getString("message_id");
        if (added == 0) {
          break;
        }
      }
      assertEquals(MESSAGES / PARTITIONS, ofPartition.size(), "every message of " + partition);
    }
    assertEquals(MESSAGES, seen.size(), "every message");
    seen.forEach((id, times) -> assertEquals(1, times, () -> id + " exactly once"));
    assertNoOutOfMemory();
  }

  /**
   * Clients that reset the connection while their answer (about 48 MiB, see {@link
   * OversizedAnswers}) is written: each such request still leaves the count in flight (on Payara
   * the container reports no end for them) and gets its line in the request log, marked {@code
   * client-gone}, so a shutdown does not wait for them.
   */
  @Test
  void readsWhoseClientsResetMidAnswerNoLongerCountAsInFlight() throws Exception {
    // The scrape may count itself (on Payara /metrics passes the WAR's filters): so do the later.
    String oversized = OversizedAnswers.queue(queues, "reset");
    double baseline = Metrics.gauge("queuey_requests_in_flight");
    Path log = QueueyServer.log();
    long logBefore = Files.size(log);
    int resets = 0;
    for (int attempt = 0; attempt < 10 && resets < 3; attempt++) {
      // A receive window of 8 KiB, set before connecting, so that however the kernel tunes its
      // buffers the server is still writing the answer when the reset comes.
      try (var socket = new java.net.Socket()) {
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(
            new java.net.InetSocketAddress(
                QueueyServer.baseUri().getHost(), QueueyServer.baseUri().getPort()));
        socket
            .getOutputStream()
            .write(
                ("GET /v1/" + APP_ONE + "/" + oversized + "?limit=1000 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        // The head and the start of the body: the server is writing the rest when the reset comes.
        // A short answer (a 503 of the busy machine) ends normally: then the read is made again.
        byte[] start = socket.getInputStream().readNBytes(4096);
        if (start.length == 4096
            && new String(start, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200")) {
          socket.setSoLinger(true, 0);
          resets++;
        }
      }
    }
    assertEquals(3, resets, "three reads reset in the middle of their answer");
    String gone = "GET /v1/" + APP_ONE + "/" + oversized + " 200 ";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    double inFlight = Metrics.gauge("queuey_requests_in_flight");
    while ((inFlight > baseline || goneLines(log, logBefore, gone) < resets)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      inFlight = Metrics.gauge("queuey_requests_in_flight");
    }
    assertTrue(inFlight <= baseline, "in flight: " + inFlight + ", before the reads: " + baseline);
    assertEquals(resets, goneLines(log, logBefore, gone), "one request log line per reset read");
  }

  /** The request log lines since {@code offset} that start so and end in client-gone. */
  private static long goneLines(Path log, long offset, String start) throws Exception {
    return RequestLogLines.clientGone(RequestLogLines.since(log, offset), start);
  }

  private static void assertNoOutOfMemory() throws Exception {
    for (Path log :
        List.of(
            QueueyServer.log(),
            Path.of(System.getProperty("queuey.it.cassandra.dir", "target/it-cassandra"))
                .resolve("cassandra.log"))) {
      if (Files.exists(log)) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
          assertFalse(
              lines.anyMatch(line -> line.contains("java.lang.OutOfMemoryError")),
              "no OutOfMemoryError in " + log);
        }
      }
    }
    assertEquals(200, Api.get("health/ready", null).status(), "the server is still ready");
  }
}
