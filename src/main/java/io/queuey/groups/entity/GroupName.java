package io.queuey.groups.entity;

import io.queuey.errors.InvalidParameter;
import io.queuey.platform.Names;
import java.util.Optional;
import java.util.UUID;

/** The name of a group, unique within its queue: 1 to 50 of {@code A-Z a-z 0-9 _ - .}. */
public record GroupName(String value) {

  public static final int MAX_LENGTH = Names.MAX_LENGTH;

  public GroupName {
    if (!isValid(value)) {
      throw new InvalidParameter(
          "group_name",
          "group_name must be 1 to " + MAX_LENGTH + " letters, digits, '_', '-' or '.'");
    }
  }

  public static GroupName parse(String text) {
    return new GroupName(text);
  }

  /** A name from a path: one that can never be valid names no group (a 404, not a 400). */
  public static Optional<GroupName> tryParse(String text) {
    return isValid(text) ? Optional.of(new GroupName(text)) : Optional.empty();
  }

  public static GroupName random() {
    return new GroupName(UUID.randomUUID().toString().replace("-", ""));
  }

  private static boolean isValid(String text) {
    return Names.isValid(text);
  }

  @Override
  public String toString() {
    return value;
  }
}
