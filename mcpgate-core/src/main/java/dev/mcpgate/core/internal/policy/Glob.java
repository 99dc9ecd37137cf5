package dev.mcpgate.core.internal.policy;

/**
 * A tool-name glob compiled to a matcher without regular expressions: {@code *} is any run of
 * characters, {@code ?} exactly one, everything else literal. Matching takes at most
 * O(pattern length × name length) steps: the parts between stars are found leftmost, which is
 * always right for globs, so nothing ever backtracks. Immutable and thread-safe.
 */
public final class Glob {

  private final String pattern;
  private final boolean wildcard;
  private final String[] parts;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.wildcard = pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    this.parts = pattern.split("\\*", -1);
  }

  /**
   * Compiles a glob.
   *
   * @param pattern the glob
   * @return the matcher
   */
  public static Glob compile(String pattern) {
    return new Glob(pattern);
  }

  /**
   * Whether a text has {@code *} or {@code ?} in it, so is a glob rather than a literal name.
   *
   * @param pattern the text
   * @return true for a glob
   */
  public static boolean isGlob(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  /**
   * The literal characters before the first wildcard: every name the glob matches starts with
   * them.
   *
   * @return the prefix, possibly empty
   */
  public String literalPrefix() {
    int end = pattern.length();
    int star = pattern.indexOf('*');
    int question = pattern.indexOf('?');
    if (star >= 0) {
      end = star;
    }
    if (question >= 0 && question < end) {
      end = question;
    }
    return pattern.substring(0, end);
  }

  /**
   * Whether the glob matches the whole name.
   *
   * @param name the name
   * @return true on a match
   */
  public boolean matches(String name) {
    if (!wildcard) {
      return pattern.equals(name);
    }
    if (parts.length == 1) {
      return name.length() == pattern.length() && partAt(pattern, name, 0);
    }
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (first.length() + last.length() > name.length()) {
      return false;
    }
    if (!partAt(first, name, 0) || !partAt(last, name, name.length() - last.length())) {
      return false;
    }
    int position = first.length();
    int limit = name.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      int found = find(part, name, position, limit);
      if (found < 0) {
        return false;
      }
      position = found + part.length();
    }
    return true;
  }

  /** The leftmost position in [from, limit) where the part matches, or -1. */
  private static int find(String part, String name, int from, int limit) {
    for (int start = from; start + part.length() <= limit; start++) {
      if (partAt(part, name, start)) {
        return start;
      }
    }
    return -1;
  }

  private static boolean partAt(String part, String name, int start) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c != '?' && c != name.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
