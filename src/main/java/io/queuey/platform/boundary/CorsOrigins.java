package io.queuey.platform.boundary;

import io.queuey.settings.Reloading;
import io.queuey.settings.SettingsRefresh;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * The origins {@link CorsFilter} lets read answers, {@code queuey.cors.allowed-origins}
 * (comma-separated, or {@code *}): dynamic, rebuilt by {@link SettingsRefresh}.
 */
@ApplicationScoped
public class CorsOrigins {

  static final String PROPERTY = "queuey.cors.allowed-origins";

  /** The allowed origins: every one when {@code any}. */
  record Allowed(boolean any, Set<String> origins) {

    static Allowed parse(String list) {
      Set<String> origins =
          Set.copyOf(
              Arrays.stream(list.split(","))
                  .map(String::trim)
                  .filter(origin -> !origin.isEmpty())
                  .toList());
      return new Allowed(origins.contains("*"), origins);
    }

    boolean allows(String origin) {
      return origins.contains(origin);
    }

    static List<String> changes(Allowed before, Allowed after) {
      var changes = new ArrayList<String>();
      changes.add(
          PROPERTY + " " + new TreeSet<>(before.origins) + " -> " + new TreeSet<>(after.origins));
      return changes;
    }
  }

  @Inject Config config;
  @Inject SettingsRefresh refresh;

  private Reloading<Allowed> allowed;

  @PostConstruct
  void loadFromConfig() {
    allowed =
        refresh.watch(
            "CORS origins",
            () -> Allowed.parse(config.getOptionalValue(PROPERTY, String.class).orElse("*")),
            Allowed::changes);
  }

  Allowed current() {
    return allowed.current();
  }
}
