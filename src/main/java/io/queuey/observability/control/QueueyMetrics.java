package io.queuey.observability.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Every metric of Queuey, registered in the application registry. Tags, not names, carry the
 * application, endpoint and outcome, so that one Prometheus query can sum or split them.
 */
@ApplicationScoped
public class QueueyMetrics {

  static final String APPLICATION = "application";

  @Inject MetricRegistry registry;

  public void messagesPosted(String application, int messages, long bytes) {
    registry.counter("queuey_messages_posted", app(application)).inc(messages);
    registry.counter("queuey_message_bytes_in", app(application)).inc(bytes);
  }

  public void messagesRead(String application, int messages, long bytes) {
    registry.counter("queuey_messages_read", app(application)).inc(messages);
    registry.counter("queuey_message_bytes_out", app(application)).inc(bytes);
  }

  public void messagesDeleted(String application, int messages) {
    registry.counter("queuey_messages_deleted", app(application)).inc(messages);
  }

  public void queueCreated(String application) {
    registry.counter("queuey_queues_created", app(application)).inc();
  }

  public void queueDeleted(String application) {
    registry.counter("queuey_queues_deleted", app(application)).inc();
  }

  /** One HTTP request: its latency per endpoint, and its status class per application. */
  public void request(String endpoint, String application, int status, Duration duration) {
    registry.timer("queuey_requests", new Tag("endpoint", endpoint)).update(duration);
    registry
        .counter(
            "queuey_responses",
            new Tag("status", (status / 100) + "xx"),
            app(application == null ? "none" : application))
        .inc();
  }

  /** One storage call: latency per store and operation, and failures by kind. */
  public void storageCall(String store, String operation, Duration duration, String failure) {
    registry
        .timer("queuey_storage_calls", new Tag("store", store), new Tag("operation", operation))
        .update(duration);
    if (failure != null) {
      registry
          .counter(
              "queuey_storage_errors",
              new Tag("store", store),
              new Tag("operation", operation),
              new Tag("kind", failure))
          .inc();
    }
  }

  private static Tag app(String application) {
    return new Tag(APPLICATION, application);
  }
}
