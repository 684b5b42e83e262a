package io.queuey.platform;

/** The grammar that queue and group names share: 1 to 50 of {@code A-Z a-z 0-9 _ - .}. */
public final class Names {

  public static final int MAX_LENGTH = 50;

  private Names() {}

  public static boolean isValid(String text) {
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
}
