package io.queuey.groups.entity;

import io.queuey.errors.InvalidParameter;
import java.util.Optional;
import java.util.UUID;

/** The name of a group, unique within its queue: 1 to 50 of {@code A-Z a-z 0-9 _ - .}. */
public record GroupName(String value) {

  public static final int MAX_LENGTH = 50;

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
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
