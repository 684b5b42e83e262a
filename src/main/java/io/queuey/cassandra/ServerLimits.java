package io.queuey.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Limits of the Cassandra node Queuey is connected to, read once at connect from its {@code
 * system_views.settings}: they decide what Queuey may send rather than what it learns from a
 * refusal.
 */
final class ServerLimits {

  private static final Logger LOG = Logger.getLogger(ServerLimits.class.getName());

  static final String BATCH_SIZE_FAIL_THRESHOLD = "batch_size_fail_threshold";

  private ServerLimits() {}

  /**
   * The node's {@code batch_size_fail_threshold} in bytes, above which it refuses a batch over
   * several partitions; empty when the node does not say (no virtual tables, no permission).
   */
  static OptionalLong batchSizeFailThreshold(CqlSession session, Duration timeout) {
    try {
      Row row =
          session
              .execute(
                  SimpleStatement.newInstance(
                          "SELECT value FROM system_views.settings WHERE name = ?",
                          BATCH_SIZE_FAIL_THRESHOLD)
                      .setTimeout(timeout))
              .one();
      return row == null ? OptionalLong.empty() : parseBytes(row.getString("value"));
    } catch (RuntimeException unreadable) {
      LOG.log(
          Level.INFO,
          "Cassandra does not tell its batch_size_fail_threshold ({0}); the default is assumed",
          unreadable.getMessage());
      return OptionalLong.empty();
    }
  }

  /**
   * A data size as Cassandra prints it ({@code 50KiB}, {@code 12MiB}, {@code 512B}); a bare number
   * is KiB, the unit of the older {@code batch_size_fail_threshold_in_kb}. Empty if unreadable.
   */
  static OptionalLong parseBytes(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    String value = text.trim();
    int digits = 0;
    while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > 12) {
      return OptionalLong.empty();
    }
    long number = Long.parseLong(value.substring(0, digits));
    long unit =
        switch (value.substring(digits).trim().toLowerCase(Locale.ROOT)) {
          case "", "kib" -> 1024L;
          case "b" -> 1L;
          case "mib" -> 1024L * 1024;
          case "gib" -> 1024L * 1024 * 1024;
          default -> 0L;
        };
    return unit == 0 ? OptionalLong.empty() : OptionalLong.of(number * unit);
  }
}
