package io.queuey.observability.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Every metric of Queuey, registered in the application registry. Tags, not names, carry the
 * application, endpoint and outcome, so that one Prometheus query can sum or split them. Each
 * series is looked up in the registry (by name and tags) once and then kept: a request only reads a
 * map. The keys are bounded: configured applications, endpoint templates, store operations.
 */
@ApplicationScoped
public class QueueyMetrics {

  static final String APPLICATION = "application";
  private static final String NO_APPLICATION = "none";

  @Inject MetricRegistry registry;

  private final Map<String, PerApplication> applications = new ConcurrentHashMap<>();
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();

  /** By application (or "none"), then by status class: index status / 100, made when first used. */
  private final Map<String, Counter[]> responses = new ConcurrentHashMap<>();

  private final Map<String, Map<String, Timer>> storageCalls = new ConcurrentHashMap<>();

  /** The counters of one application, and its responses by status class (index status / 100). */
  private final class PerApplication {
    final Counter posted;
    final Counter bytesIn;
    final Counter read;
    final Counter bytesOut;
    final Counter deleted;
    final Counter created;
    final Counter queuesDeleted;

    PerApplication(String application) {
      Tag app = new Tag(APPLICATION, application);
      posted = registry.counter("queuey_messages_posted", app);
      bytesIn = registry.counter("queuey_message_bytes_in", app);
      read = registry.counter("queuey_messages_read", app);
      bytesOut = registry.counter("queuey_message_bytes_out", app);
      deleted = registry.counter("queuey_messages_deleted", app);
      created = registry.counter("queuey_queues_created", app);
      queuesDeleted = registry.counter("queuey_queues_deleted", app);
    }
  }

  public void messagesPosted(String application, int messages, long bytes) {
    PerApplication app = of(application);
    app.posted.inc(messages);
    app.bytesIn.inc(bytes);
  }

  public void messagesRead(String application, int messages, long bytes) {
    PerApplication app = of(application);
    app.read.inc(messages);
    app.bytesOut.inc(bytes);
  }

  public void messagesDeleted(String application, int messages) {
    of(application).deleted.inc(messages);
  }

  public void queueCreated(String application) {
    of(application).created.inc();
  }

  public void queueDeleted(String application) {
    of(application).queuesDeleted.inc();
  }

  /** One HTTP request: its latency per endpoint, and its status class per application. */
  public void request(String endpoint, String application, int status, Duration duration) {
    requests
        .computeIfAbsent(
            endpoint, name -> registry.timer("queuey_requests", new Tag("endpoint", name)))
        .update(duration);
    String app = application == null ? NO_APPLICATION : application;
    int kind = Math.min(Math.max(status / 100, 0), 9);
    Counter[] byKind = responses.computeIfAbsent(app, absent -> new Counter[10]);
    Counter counter = byKind[kind];
    if (counter == null) {
      // A benign race: two threads may both look it up; the registry answers the same counter.
      counter =
          registry.counter(
              "queuey_responses", new Tag("status", kind + "xx"), new Tag(APPLICATION, app));
      byKind[kind] = counter;
    }
    counter.inc();
  }

  /** One storage call: latency per store and operation, and failures by kind. */
  public void storageCall(String store, String operation, Duration duration, String failure) {
    storageCalls
        .computeIfAbsent(store, absent -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            operation,
            absent ->
                registry.timer(
                    "queuey_storage_calls",
                    new Tag("store", store),
                    new Tag("operation", operation)))
        .update(duration);
    if (failure != null) {
      // Rare (a failing Cassandra), so looked up by name each time.
      registry
          .counter(
              "queuey_storage_errors",
              new Tag("store", store),
              new Tag("operation", operation),
              new Tag("kind", failure))
          .inc();
    }
  }

  private PerApplication of(String application) {
    PerApplication found = applications.get(application);
    return found != null ? found : applications.computeIfAbsent(application, PerApplication::new);
  }
}
