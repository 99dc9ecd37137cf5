package dev.mcpgate.core.identity;

/** Keys that differ from a real one in one character of the secret, at either end. */
final class TimingKeys {

  private TimingKeys() {}

  /** The key with the first character of its secret changed. */
  static String wrongFirst(String key) {
    int first = KeyFormat.LENGTH - KeyFormat.SECRET_CHARS;
    return key.substring(0, first) + other(key.charAt(first)) + key.substring(first + 1);
  }

  /** The key with the last character of its secret changed. */
  static String wrongLast(String key) {
    int last = key.length() - 1;
    return key.substring(0, last) + other(key.charAt(last));
  }

  private static char other(char c) {
    return c == 'A' ? 'B' : 'A';
  }
}
