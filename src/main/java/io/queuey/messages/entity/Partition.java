package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A partition of a queue, numbered from 1.
 *
 * <p>Built from a number, a bad one is reported under {@code partition} (the key of the {@code
 * X-Partition} header and of a batch item); the parse methods take the key of their parameter.
 */
public record Partition(int number) {

  public static final Partition FIRST = new Partition(1);

  public Partition {
    if (number < 1) {
      throw new InvalidParameter("partition", "partition must be a whole number from 1");
    }
  }

  public static Partition of(int number) {
    return new Partition(number);
  }

  public static Partition parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidParameter(field, "partition must be a whole number from 1");
    }
    long number = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Integer.parseInt would accept a sign and digits of other scripts.
      if (c < '0' || c > '9') {
        throw new InvalidParameter(field, "partition must be a whole number from 1");
      }
      number = number * 10 + (c - '0');
      if (number > Integer.MAX_VALUE) {
        throw new InvalidParameter(field, "partition is too large");
      }
    }
    if (number < 1) {
      throw new InvalidParameter(field, "partition must be a whole number from 1");
    }
    return new Partition((int) number);
  }

  /** Parses {@code 1,2,3}, keeping the order given, which is the order of the response groups. */
  public static List<Partition> parseList(String field, String commaSeparated) {
    if (commaSeparated == null) {
      throw new InvalidParameter(field, "must be a comma-separated list of partition numbers");
    }
    List<Partition> partitions = new ArrayList<>();
    Set<Partition> seen = new HashSet<>();
    // The limit -1 keeps trailing empty entries, so that "1," is reported rather than ignored.
    for (String entry : commaSeparated.split(",", -1)) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        throw new InvalidParameter(field, "must be a comma-separated list without empty entries");
      }
      Partition partition = parse(field, trimmed);
      if (!seen.add(partition)) {
        // A repeated partition would return its messages twice, each time counted by the limit.
        throw new InvalidParameter(field, "partition " + partition.number + " is listed twice");
      }
      partitions.add(partition);
    }
    return List.copyOf(partitions);
  }

  public void checkWithin(String field, int partitionsOfQueue) {
    if (number > partitionsOfQueue) {
      throw new InvalidParameter(field, "partition must be between 1 and " + partitionsOfQueue);
    }
  }
}
