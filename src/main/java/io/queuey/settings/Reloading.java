package io.queuey.settings;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One immutable snapshot of dynamic settings, and how to build it again from the configuration.
 * Requests only read {@link #current()} (a volatile field); {@link SettingsRefresh} calls {@link
 * #reload()} on its timer. A configuration that differs from the one in force is acted upon only
 * when two reads in a row agree on it: a file that is being written in place (truncated, then
 * written) reads empty for a moment, and that moment must not lock an application out. A new
 * configuration that is invalid leaves the last good snapshot in force, and is reported once: not
 * again on every tick while it stays the same.
 *
 * @param <T> the snapshot: an immutable value with {@code equals}
 */
public final class Reloading<T> {

  private static final Logger LOG = Logger.getLogger(Reloading.class.getName());

  /** What a reload did. */
  public enum Outcome {
    UNCHANGED,
    /** The configuration differs from the last read: acted upon if the next read agrees. */
    PENDING,
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

  /** One read of the configuration: a snapshot, or why the configuration is invalid. */
  private record Reading<T>(T snapshot, String problem) {}

  /** The last read, when it differed from the snapshot in force; null otherwise. */
  private Reading<T> pending;

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

  /**
   * Reads the configuration again. A read that differs from the snapshot in force is only
   * remembered ({@link Outcome#PENDING}); when the next read agrees, the snapshot is replaced and
   * what changed is logged, or (once) why the new configuration is rejected.
   */
  public synchronized Outcome reload() {
    Reading<T> reading;
    try {
      reading = new Reading<>(Objects.requireNonNull(read.get(), "snapshot"), null);
    } catch (RuntimeException invalid) {
      reading = new Reading<>(null, String.valueOf(invalid.getMessage()));
    }
    if (current.equals(reading.snapshot())) {
      pending = null;
      validAgain();
      return Outcome.UNCHANGED;
    }
    if (!reading.equals(pending)) {
      pending = reading;
      return Outcome.PENDING;
    }
    if (reading.problem() != null) {
      String problem = reading.problem();
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
    validAgain();
    T next = reading.snapshot();
    List<String> changed = changes.apply(current, next);
    current = next;
    pending = null;
    LOG.info(() -> "The configuration of " + name + " changed: " + String.join("; ", changed));
    return Outcome.CHANGED;
  }

  private void validAgain() {
    if (lastProblem != null) {
      LOG.info(() -> "The configuration of " + name + " is valid again");
      lastProblem = null;
    }
  }
}
