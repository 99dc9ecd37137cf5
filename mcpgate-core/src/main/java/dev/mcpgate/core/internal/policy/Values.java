package dev.mcpgate.core.internal.policy;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A set of strings tuned for the few values a rule usually lists: a short array scanned with
 * {@code equals} up to a handful, a hash set beyond. Immutable and thread-safe.
 */
final class Values {

  private static final int SCAN_LIMIT = 6;

  private final String[] small;
  private final @Nullable Set<String> large;
  private final String text;

  Values(Collection<String> values) {
    this.small = values.toArray(new String[0]);
    this.large = small.length > SCAN_LIMIT ? new HashSet<>(values) : null;
    this.text = values.toString();
  }

  boolean contains(@Nullable String value) {
    if (value == null) {
      return false;
    }
    Set<String> set = large;
    if (set != null) {
      return set.contains(value);
    }
    for (String candidate : small) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  String[] array() {
    return small;
  }

  @Override
  public String toString() {
    return text;
  }
}
