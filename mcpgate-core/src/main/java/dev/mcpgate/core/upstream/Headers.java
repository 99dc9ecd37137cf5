package dev.mcpgate.core.upstream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The header fields of an upstream request or response: immutable, in the order they were added
 * or received, with names compared without regard to case ({@code content-type} finds {@code
 * Content-Type}). A name may appear more than once, as {@code Set-Cookie} does; the names keep
 * the case they were given in, which is how they are sent.
 *
 * <p>Methods that change headers return a new instance. Iterating yields each field as a name and
 * a value in order. This type does not check that a value can be sent over HTTP/1.1 (no CR, LF,
 * NUL, nothing outside ISO-8859-1): the gateway refuses such a request before anything is sent.
 * {@link #toString()} shows the names only, since values may carry credentials.
 *
 * <p>Immutable and thread-safe.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

  private static final Headers EMPTY = new Headers(List.of());

  private final List<Map.Entry<String, String>> fields;

  private Headers(List<Map.Entry<String, String>> fields) {
    this.fields = fields;
  }

  /**
   * No headers.
   *
   * @return the empty instance
   */
  public static Headers empty() {
    return EMPTY;
  }

  /**
   * Headers from names and values given in turn: {@code of("Accept", "application/json",
   * "X-Trace", "t-1")}.
   *
   * @param namesAndValues an even number of strings: a name, then its value, and so on
   * @return the headers, in the order given
   * @throws IllegalArgumentException if the count is odd or a name is empty
   * @throws NullPointerException if a name or value is null
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("headers are given as names and values, in pairs");
    }
    List<Map.Entry<String, String>> fields = new ArrayList<>(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.add(field(namesAndValues[i], namesAndValues[i + 1]));
    }
    return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
  }

  /**
   * Headers from name-value pairs, such as a servlet container's or another client's.
   *
   * @param fields the fields, in order
   * @return the headers
   * @throws IllegalArgumentException if a name is empty
   * @throws NullPointerException if a field, name or value is null
   */
  public static Headers copyOf(Iterable<? extends Map.Entry<String, String>> fields) {
    if (fields instanceof Headers headers) {
      return headers;
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>();
    for (Map.Entry<String, String> field : fields) {
      Objects.requireNonNull(field, "field");
      copy.add(field(field.getKey(), field.getValue()));
    }
    return copy.isEmpty() ? EMPTY : new Headers(List.copyOf(copy));
  }

  /**
   * The first value of a header.
   *
   * @param name the header's name, any case
   * @return its first value, if present
   */
  public Optional<String> first(String name) {
    Objects.requireNonNull(name, "name");
    for (int i = 0; i < fields.size(); i++) {
      Map.Entry<String, String> field = fields.get(i);
      if (field.getKey().equalsIgnoreCase(name)) {
        return Optional.of(field.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Every value of a header, such as each {@code Set-Cookie}.
   *
   * @param name the header's name, any case
   * @return the values in order; empty when absent
   */
  public List<String> values(String name) {
    Objects.requireNonNull(name, "name");
    List<String> values = new ArrayList<>(1);
    for (Map.Entry<String, String> field : fields) {
      if (field.getKey().equalsIgnoreCase(name)) {
        values.add(field.getValue());
      }
    }
    return List.copyOf(values);
  }

  /**
   * Whether a header is present.
   *
   * @param name the header's name, any case
   * @return true when at least one field has that name
   */
  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /**
   * How many fields there are, each repeated name counted.
   *
   * @return the number of fields
   */
  public int size() {
    return fields.size();
  }

  /**
   * Whether there are no fields.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * These headers with one more field at the end, beside any of the same name.
   *
   * @param name the name
   * @param value the value
   * @return the new headers
   * @throws IllegalArgumentException if the name is empty
   */
  public Headers plus(String name, String value) {
    List<Map.Entry<String, String>> next = new ArrayList<>(fields.size() + 1);
    next.addAll(fields);
    next.add(field(name, value));
    return new Headers(List.copyOf(next));
  }

  /**
   * These headers with every field of a name replaced by one field, at the end.
   *
   * @param name the name, any case
   * @param value the value
   * @return the new headers
   * @throws IllegalArgumentException if the name is empty
   */
  public Headers with(String name, String value) {
    return without(name).plus(name, value);
  }

  /**
   * These headers without any field of a name.
   *
   * @param name the name, any case
   * @return the new headers; this instance when none had the name
   */
  public Headers without(String name) {
    Objects.requireNonNull(name, "name");
    return withoutAny(List.of(name));
  }

  /**
   * These headers without any field whose name is one of the given ones.
   *
   * @param names the names, any case
   * @return the new headers; this instance when none had such a name
   */
  public Headers withoutAny(Collection<String> names) {
    List<Map.Entry<String, String>> kept = new ArrayList<>(fields.size());
    for (Map.Entry<String, String> field : fields) {
      if (!containsIgnoringCase(names, field.getKey())) {
        kept.add(field);
      }
    }
    if (kept.size() == fields.size()) {
      return this;
    }
    return kept.isEmpty() ? EMPTY : new Headers(List.copyOf(kept));
  }

  /**
   * The fields in order, as a stream of names and values.
   *
   * @return the stream
   */
  public Stream<Map.Entry<String, String>> stream() {
    return fields.stream();
  }

  /** Each field in order, as a name and a value; the iterator cannot remove. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return fields.iterator();
  }

  /**
   * Equal to headers with the same fields in the same order, names compared without regard to
   * case, values exactly.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Headers that) || that.fields.size() != fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      Map.Entry<String, String> a = fields.get(i);
      Map.Entry<String, String> b = that.fields.get(i);
      if (!a.getKey().equalsIgnoreCase(b.getKey()) || !a.getValue().equals(b.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (Map.Entry<String, String> field : fields) {
      hash = 31 * hash + field.getKey().toLowerCase(java.util.Locale.ROOT).hashCode();
      hash = 31 * hash + field.getValue().hashCode();
    }
    return hash;
  }

  /** The names in order, never a value: values may carry credentials. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Headers[");
    for (int i = 0; i < fields.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(fields.get(i).getKey());
    }
    return text.append(']').toString();
  }

  private static boolean containsIgnoringCase(Collection<String> names, String name) {
    for (String each : names) {
      if (each.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static Map.Entry<String, String> field(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a header name is not empty");
    }
    return Map.entry(name, value);
  }
}
