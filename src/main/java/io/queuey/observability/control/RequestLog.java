package io.queuey.observability.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request log (logger {@code io.queuey.requests}): one line per request, built with plain
 * appends on the request's thread and handed to one writer thread, which logs whatever lines have
 * gathered as one record. So a request never waits for the log handler's formatting and flushing,
 * and under load the handler runs once per batch, not once per line. Each line carries its own UTC
 * time of day (the record's header has the date). When the queue is full (the log cannot keep up),
 * lines are dropped and counted, and the count is logged: a log must not slow the service.
 */
@ApplicationScoped
public class RequestLog {

  static final Logger LOG = Logger.getLogger("io.queuey.requests");
  private static final int MAX_BATCH = 512;
  private static final long DAY_MILLIS = 86_400_000L;

  /** Ends the line of a request whose client went away while its answer was written. */
  static final String GONE = "client-gone";

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "queuey.request-log.queue-lines", defaultValue = "16384")
  int capacity;

  private final AtomicLong dropped = new AtomicLong();
  private BlockingQueue<String> lines;
  private Thread writer;
  private volatile boolean running = true;

  @PostConstruct
  void start() {
    lines = new ArrayBlockingQueue<>(Math.max(1, capacity));
    writer = threads.newThread(this::write);
    writer.setDaemon(true);
    writer.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    writer.interrupt();
    try {
      writer.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One request: method, path (without the query), status, duration, application or "-", and
   * {@value #GONE} if writing the answer failed because the client went away.
   */
  public void request(
      String method, String path, int status, long nanos, String application, boolean clientGone) {
    if (!LOG.isLoggable(Level.INFO)) {
      return;
    }
    var line = new StringBuilder(48 + method.length() + path.length());
    appendTimeOfDay(line, System.currentTimeMillis());
    line.append(' ').append(method).append(' ').append(path).append(' ').append(status).append(' ');
    long tenths = nanos / 100_000;
    line.append(tenths / 10).append('.').append(tenths % 10).append("ms app=");
    line.append(application == null ? "-" : application);
    if (clientGone) {
      line.append(' ').append(GONE);
    }
    if (!lines.offer(line.toString())) {
      dropped.incrementAndGet();
    }
  }

  private void write() {
    List<String> batch = new ArrayList<>(MAX_BATCH);
    while (running || !lines.isEmpty()) {
      try {
        String first = lines.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException interrupted) {
        if (running) {
          continue;
        }
      }
      lines.drainTo(batch, MAX_BATCH - batch.size());
      flush(batch);
      batch.clear();
    }
  }

  private void flush(List<String> batch) {
    if (!batch.isEmpty()) {
      LOG.info(String.join("\n", batch));
    }
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      LOG.warning(lost + " request log lines were dropped: the log could not keep up");
    }
  }

  /** {@code HH:mm:ss.SSS} in UTC, without a formatter. */
  static void appendTimeOfDay(StringBuilder line, long epochMillis) {
    long ofDay = Math.floorMod(epochMillis, DAY_MILLIS);
    two(line, ofDay / 3_600_000).append(':');
    two(line, ofDay / 60_000 % 60).append(':');
    two(line, ofDay / 1000 % 60).append('.');
    long millis = ofDay % 1000;
    if (millis < 100) {
      line.append('0');
    }
    two(line, millis);
  }

  private static StringBuilder two(StringBuilder line, long value) {
    if (value < 10) {
      line.append('0');
    }
    return line.append(value);
  }
}
