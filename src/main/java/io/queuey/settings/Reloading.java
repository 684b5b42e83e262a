package io.queuey.settings;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One immutable snapshot of dynamic settings, and how to build it again from the configuration.
 * Requests only read {@link #current()} (a volatile field); {@link SettingsRefresh} calls {@link
 * #reload()} on its timer. A new configuration that is invalid leaves the last good snapshot in
 * force, and is reported once: not again on every tick while it stays the same.
 *
 * @param <T> the snapshot: an immutable value with {@code equals}
 */
public final class Reloading<T> {

  private static final Logger LOG = Logger.getLogger(Reloading.class.getName());

  /** What a reload did. */
  public enum Outcome {
    UNCHANGED,
    CHANGED,
    /** The configuration is invalid, and was not (or not in this way) just before. */
    REJECTED,
    /** The configuration is invalid in the same way as at the reload before: nothing new. */
    STILL_REJECTED
  }

  private final String name;
  private final Supplier<T> read;
  private final BiFunction<T, T, List<String>> changes;
  private volatile T current;

  /** The problem of the last rejected configuration; null while the configuration is good. */
  private String lastProblem;

  /**
   * Reads the first snapshot at once: an invalid configuration throws here, failing the startup.
   *
   * @param name what the snapshot holds, for the log ("applications")
   * @param read builds a snapshot from the configuration; throws {@link RuntimeException} (with a
   *     message that names the property and never holds a secret) when the configuration is invalid
   * @param changes describes, one line each, how a new snapshot differs from the one in force
   */
  public Reloading(String name, Supplier<T> read, BiFunction<T, T, List<String>> changes) {
    this.name = Objects.requireNonNull(name, "name");
    this.read = Objects.requireNonNull(read, "read");
    this.changes = Objects.requireNonNull(changes, "changes");
    this.current = Objects.requireNonNull(read.get(), "snapshot");
  }

  /** The snapshot in force. */
  public T current() {
    return current;
  }

  public String name() {
    return name;
  }

  /** Builds the snapshot again; logs what changed, or (once) why the new one is rejected. */
  public synchronized Outcome reload() {
    T next;
    try {
      next = Objects.requireNonNull(read.get(), "snapshot");
    } catch (RuntimeException invalid) {
      String problem = String.valueOf(invalid.getMessage());
      if (problem.equals(lastProblem)) {
        return Outcome.STILL_REJECTED;
      }
      lastProblem = problem;
      LOG.warning(
          () ->
              "The new configuration of "
                  + name
                  + " is invalid; the last good one stays in force: "
                  + problem);
      return Outcome.REJECTED;
    }
    if (lastProblem != null) {
      LOG.info(() -> "The configuration of " + name + " is valid again");
      lastProblem = null;
    }
    if (next.equals(current)) {
      return Outcome.UNCHANGED;
    }
    List<String> changed = changes.apply(current, next);
    current = next;
    LOG.info(() -> "The configuration of " + name + " changed: " + String.join("; ", changed));
    return Outcome.CHANGED;
  }
}
