package dev.mcpgate.servlet.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Servlet-style attributes: setting null removes. Thread-safe. */
final class Attributes {

  private final Map<String, Object> values = new ConcurrentHashMap<>();

  @Nullable Object get(String name) {
    return values.get(name);
  }

  Enumeration<String> names() {
    return Collections.enumeration(new ArrayList<>(values.keySet()));
  }

  void set(String name, @Nullable Object value) {
    if (value == null) {
      values.remove(name);
    } else {
      values.put(name, value);
    }
  }

  void remove(String name) {
    values.remove(name);
  }

  void clear() {
    values.clear();
  }
}
