package io.queuey.messages.entity;

import io.queuey.errors.InvalidParameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Where one message is: its partition and its id, as named in a {@code /{ids}} path segment. */
public record MessageRef(Partition partition, MessageId id) {

  /** The error key of a malformed id list (API.md: a descriptive key). */
  public static final String FIELD = "messages";

  public MessageRef {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Parses the already URL-decoded {@code {ids}} segment: {@code [N:]ID} entries separated by
   * commas, a missing {@code N:} meaning partition 1. A message named twice is kept once, at its
   * first place, so that it is neither returned twice nor written twice.
   */
  public static List<MessageRef> parseList(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidParameter(FIELD, "must name at least one message id");
    }
    Set<MessageRef> refs = new LinkedHashSet<>();
    String[] entries = text.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      refs.add(parseEntry(entries[i].trim(), i + 1));
    }
    return List.copyOf(refs);
  }

  private static MessageRef parseEntry(String entry, int position) {
    if (entry.isEmpty()) {
      throw new InvalidParameter(FIELD, "entry " + position + " of the id list is empty");
    }
    int colon = entry.indexOf(':');
    Partition partition = Partition.FIRST;
    if (colon >= 0) {
      try {
        partition = Partition.parse(FIELD, entry.substring(0, colon));
      } catch (InvalidParameter badPartition) {
        throw new InvalidParameter(
            FIELD, "entry " + position + " of the id list has no valid partition before ':'");
      }
    }
    try {
      return new MessageRef(partition, MessageId.parse(FIELD, entry.substring(colon + 1)));
    } catch (InvalidParameter badId) {
      throw new InvalidParameter(
          FIELD,
          "entry " + position + " of the id list is not a version-1 UUID of 32 hexadecimal digits");
    }
  }
}
