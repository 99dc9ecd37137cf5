package dev.mcpgate.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One YAML mapping of the configuration, read key by key with its path in the file. A value of
 * the wrong type is recorded as a problem and read as absent, so that one pass reports every
 * problem; {@link #refuseUnknownKeys()} then reports each key nobody asked for (a typo would
 * otherwise silently fall back to a default).
 *
 * <p>Not thread-safe; used once, while loading.
 */
final class ConfigMap {

  private final String path;
  private final Map<String, @Nullable Object> entries;
  private final Set<String> read = new LinkedHashSet<>();
  private final List<String> problems;

  private ConfigMap(String path, Map<String, @Nullable Object> entries, List<String> problems) {
    this.path = path;
    this.entries = entries;
    this.problems = problems;
  }

  /**
   * The mapping at a path, or null (a problem recorded) if the value is not a mapping.
   *
   * @param path where the value is, empty for the document
   * @param value the value SnakeYAML produced
   * @param problems where problems go
   * @return the mapping
   */
  static @Nullable ConfigMap of(String path, @Nullable Object value, List<String> problems) {
    if (!(value instanceof Map<?, ?> map)) {
      problems.add(label(path) + ": expected a mapping (key: value), found " + describe(value));
      return null;
    }
    Map<String, @Nullable Object> entries = new LinkedHashMap<>();
    map.forEach((key, v) -> entries.put(String.valueOf(key), v));
    return new ConfigMap(path, entries, problems);
  }

  /** An empty mapping at a path, for an absent optional section. */
  static ConfigMap empty(String path, List<String> problems) {
    return new ConfigMap(path, new LinkedHashMap<>(), problems);
  }

  String path() {
    return path;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Whether a key has a value. Asking marks the key as known: a key the loader looks for is never
   * an unknown key, whether or not it is then read.
   */
  boolean has(String key) {
    read.add(key);
    return entries.get(key) != null;
  }

  void problem(String key, String message) {
    problems.add(path(key) + ": " + message);
  }

  /** The raw value of a key, marking it read. */
  @Nullable Object raw(String key) {
    read.add(key);
    return entries.get(key);
  }

  /** All keys present, in file order. */
  Set<String> keys() {
    return entries.keySet();
  }

  @Nullable String string(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      if (s.isBlank()) {
        problem(key, "must not be empty");
        return null;
      }
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    problem(key, "expected a text value, found " + describe(value));
    return null;
  }

  @Nullable String requiredString(String key) {
    if (!has(key)) {
      problem(key, "is required");
      return null;
    }
    return string(key);
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problem(key, "expected true or false, found " + describe(value));
    return defaultValue;
  }

  long integer(String key, long defaultValue, long min, long max) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      if (n < min || n > max) {
        problem(key, "must be from " + min + " to " + max);
        return defaultValue;
      }
      return n;
    }
    problem(key, "expected a whole number, found " + describe(value));
    return defaultValue;
  }

  @Nullable Long optionalInteger(String key, long min, long max) {
    if (!has(key)) {
      return null;
    }
    long marker = min - 1;
    long n = integer(key, marker, min, max);
    return n == marker ? null : n;
  }

  Duration duration(String key, Duration defaultValue) {
    Duration duration = duration(key, false);
    return duration == null ? defaultValue : duration;
  }

  /** An ISO-8601 duration that may be zero, such as a clock skew; absent or wrong is null. */
  @Nullable Duration durationOrZero(String key) {
    return duration(key, true);
  }

  private @Nullable Duration duration(String key, boolean zeroAllowed) {
    String text = string(key);
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
        problem(key, zeroAllowed ? "must not be negative" : "must be longer than zero");
        return null;
      }
      return duration;
    } catch (DateTimeParseException e) {
      problem(key, "is not an ISO-8601 duration such as PT30S or PT1M");
      return null;
    }
  }

  /** A list of text values; absent is an empty list. */
  List<String> strings(String key) {
    Object value = raw(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "expected a list, found " + describe(value));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item instanceof String || item instanceof Number || item instanceof Boolean) {
        String s = item.toString();
        if (s.isBlank()) {
          problems.add(path(key) + "[" + i + "]: must not be empty");
        } else {
          out.add(s);
        }
      } else {
        problems.add(path(key) + "[" + i + "]: expected a text value, found " + describe(item));
      }
    }
    return out;
  }

  /** A list of mappings; absent is an empty list. Items that are not mappings are problems. */
  List<ConfigMap> maps(String key) {
    Object value = raw(key);
    List<ConfigMap> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "expected a list, found " + describe(value));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      ConfigMap item = of(path(key) + "[" + i + "]", list.get(i), problems);
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /** A nested mapping; absent is an empty mapping. */
  ConfigMap map(String key) {
    Object value = raw(key);
    if (value == null) {
      return empty(path(key), problems);
    }
    ConfigMap map = of(path(key), value, problems);
    return map == null ? empty(path(key), problems) : map;
  }

  /** A mapping of text to text, such as settings; absent is empty. */
  Map<String, String> stringMap(String key) {
    ConfigMap map = map(key);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : map.keys()) {
      String v = map.string(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** Records every key present that was never read as a problem. */
  void refuseUnknownKeys() {
    for (String key : entries.keySet()) {
      if (!read.contains(key)) {
        problems.add(path(key) + ": unknown key");
      }
    }
  }

  private static String label(String path) {
    return path.isEmpty() ? "(document)" : path;
  }

  /**
   * What a value is, never what it says: a value in the wrong place may be a secret pasted there
   * (a password where a list belongs), and problems are printed.
   */
  static String describe(@Nullable Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    // SnakeYAML's safe types (a timestamp, binary data): the type only.
    return "a value of type " + value.getClass().getSimpleName();
  }
}
