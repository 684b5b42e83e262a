package io.queuey.platform;

import io.queuey.settings.ConfigValues;
import io.queuey.settings.Reloading;
import io.queuey.settings.SettingsRefresh;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The size limits of requests; over any of them a request is a 413 and nothing is stored. They are
 * dynamic: rebuilt by {@link SettingsRefresh} (an invalid change keeps the last good ones).
 */
@ApplicationScoped
public class Limits {

  public static final String MAX_MESSAGE_BYTES = "queuey.limits.max-message-bytes";
  public static final String MAX_BATCH_MESSAGES = "queuey.limits.max-batch-messages";
  public static final String MAX_REQUEST_BYTES = "queuey.limits.max-request-bytes";

  /** The property of {@link #maxResponseBytes()}. */
  public static final String MAX_RESPONSE_BYTES = "queuey.read.max-response-bytes";

  /** The limits in force: one immutable snapshot. */
  public record Values(
      int maxMessageBytes, int maxBatchMessages, int maxRequestBytes, long maxResponseBytes) {

    public static final Values DEFAULTS = new Values(1_048_576, 1000, 8_388_608, 8_388_608L);

    /**
     * The limits {@code lookup} gives (unset ones at their defaults).
     *
     * @throws IllegalStateException naming the first property that is not a whole number in range
     */
    public static Values read(Function<String, Optional<String>> lookup) {
      return new Values(
          (int)
              ConfigValues.wholeNumber(
                  lookup, MAX_MESSAGE_BYTES, DEFAULTS.maxMessageBytes, 1, Integer.MAX_VALUE),
          (int)
              ConfigValues.wholeNumber(
                  lookup, MAX_BATCH_MESSAGES, DEFAULTS.maxBatchMessages, 1, Integer.MAX_VALUE),
          (int)
              ConfigValues.wholeNumber(
                  lookup, MAX_REQUEST_BYTES, DEFAULTS.maxRequestBytes, 1, Integer.MAX_VALUE),
          ConfigValues.wholeNumber(
              lookup, MAX_RESPONSE_BYTES, DEFAULTS.maxResponseBytes, 1, Long.MAX_VALUE));
    }

    static List<String> changes(Values before, Values after) {
      var changes = new ArrayList<String>();
      changed(changes, MAX_MESSAGE_BYTES, before.maxMessageBytes, after.maxMessageBytes);
      changed(changes, MAX_BATCH_MESSAGES, before.maxBatchMessages, after.maxBatchMessages);
      changed(changes, MAX_REQUEST_BYTES, before.maxRequestBytes, after.maxRequestBytes);
      changed(changes, MAX_RESPONSE_BYTES, before.maxResponseBytes, after.maxResponseBytes);
      return changes;
    }

    private static void changed(List<String> changes, String property, long before, long after) {
      if (before != after) {
        changes.add(property + " " + before + " -> " + after);
      }
    }
  }

  @Inject Config config;
  @Inject SettingsRefresh refresh;

  private Reloading<Values> values;

  /** For CDI (and for tests that override the accessors). */
  public Limits() {}

  @PostConstruct
  void loadFromConfig() {
    values =
        refresh.watch(
            "limits",
            () -> Values.read(name -> config.getOptionalValue(name, String.class)),
            Values::changes);
  }

  /** The limits are read as the WAR deploys: an invalid one fails the deployment. */
  void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    values.current();
  }

  /**
   * The most message bytes (UTF-8 bodies) one read answers: a read stops before the message that
   * would go over it (but answers at least one), and the client goes on with {@code since}.
   */
  public long maxResponseBytes() {
    return values.current().maxResponseBytes();
  }

  /** The largest message body, in UTF-8 bytes. */
  public int maxMessageBytes() {
    return values.current().maxMessageBytes();
  }

  public int maxBatchMessages() {
    return values.current().maxBatchMessages();
  }

  /** The largest request body of any call, in bytes. */
  public int maxRequestBytes() {
    return values.current().maxRequestBytes();
  }
}
