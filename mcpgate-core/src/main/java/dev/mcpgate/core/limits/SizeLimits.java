package dev.mcpgate.core.limits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How large a tool call's arguments may be: the gate that runs after the input schema and before
 * the rate limit, so that an oversized call is refused before it costs a token or reaches an
 * upstream.
 *
 * <p>{@link #check(JsonNode)} walks the arguments once and stops at the first violation. The
 * serialized size is computed during that walk, never by serializing: a string counts its UTF-8
 * length plus quotes and the escapes of {@code "}, {@code \} and control characters; an integer
 * counts its digits; a floating-point number counts a bound (24 characters for a double). The
 * result is within a few bytes of what Jackson writes for the compact form. Apart from a small
 * per-call counter and the iterators over objects' members, a passing check allocates nothing; a
 * violation allocates its message.
 *
 * <p>Messages name the limit and the place (an RFC 6901 JSON pointer, {@code arguments} for the
 * whole object) and never quote a value. Property names in a pointer are cut to 64 characters and
 * control characters in them replaced by {@code ?}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SizeLimits {

  /** The default of {@link #maxArgumentBytes()}: 1 MiB. */
  public static final long DEFAULT_MAX_ARGUMENT_BYTES = 1L << 20;

  /** The default of {@link #maxStringLength()}: 256 Ki characters. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 256 * 1024;

  /** The default of {@link #maxArrayItems()}. */
  public static final int DEFAULT_MAX_ARRAY_ITEMS = 10_000;

  /** The default of {@link #maxDepth()}. */
  public static final int DEFAULT_MAX_DEPTH = 32;

  /** The default of {@link #maxProperties()}. */
  public static final int DEFAULT_MAX_PROPERTIES = 10_000;

  /** The largest {@link Builder#maxDepth(int)}: the walk recurses once per level. */
  public static final int MAX_DEPTH_BOUND = 1_000;

  private static final SizeLimits DEFAULTS = builder().build();
  private static final int POINTER_SEGMENT_CHARS = 64;

  private final long maxArgumentBytes;
  private final int maxStringLength;
  private final int maxArrayItems;
  private final int maxDepth;
  private final int maxProperties;

  private SizeLimits(Builder builder) {
    this.maxArgumentBytes = builder.maxArgumentBytes;
    this.maxStringLength = builder.maxStringLength;
    this.maxArrayItems = builder.maxArrayItems;
    this.maxDepth = builder.maxDepth;
    this.maxProperties = builder.maxProperties;
  }

  /**
   * The default limits: 1 MiB of arguments, strings and property names of 256 Ki characters,
   * 10,000 items per array, 32 levels of nesting, 10,000 object members in all.
   *
   * @return the defaults
   */
  public static SizeLimits defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The largest serialized size of the arguments object, in UTF-8 bytes of compact JSON.
   *
   * @return the limit, at least 2
   */
  public long maxArgumentBytes() {
    return maxArgumentBytes;
  }

  /**
   * The most characters ({@code char}s) of any string value or property name.
   *
   * @return the limit, at least 1
   */
  public int maxStringLength() {
    return maxStringLength;
  }

  /**
   * The most items of any one array.
   *
   * @return the limit, at least 1
   */
  public int maxArrayItems() {
    return maxArrayItems;
  }

  /**
   * The deepest nesting of objects and arrays; the arguments object itself is level 1.
   *
   * @return the limit, from 1 to {@link SizeLimits#MAX_DEPTH_BOUND}
   */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * The most object members, counted over all objects of the arguments.
   *
   * @return the limit, at least 1
   */
  public int maxProperties() {
    return maxProperties;
  }

  /**
   * Checks a call's arguments against these limits.
   *
   * @param arguments the arguments, normally an object; any JSON value is measured
   * @return the first violation as a short message such as {@code "/body/items: 20000 items, the
   *     limit is 10000"}, or empty if the arguments are within every limit
   */
  public Optional<String> check(JsonNode arguments) {
    Walk walk = new Walk();
    if (value(arguments, 0, walk)) {
      return Optional.empty();
    }
    return Optional.of(pointer(walk.path) + ": " + walk.problem);
  }

  private boolean value(JsonNode node, int depth, Walk walk) {
    switch (node.getNodeType()) {
      case OBJECT:
        return object(node, depth + 1, walk);
      case ARRAY:
        return array(node, depth + 1, walk);
      case STRING:
        return string(node.stringValue(), walk);
      case NUMBER:
        walk.bytes += numberLength(node);
        break;
      case BOOLEAN:
        walk.bytes += node.booleanValue() ? 4 : 5;
        break;
      case NULL:
        walk.bytes += 4;
        break;
      case BINARY:
        walk.bytes += 2 + (node.binaryValue().length + 2L) / 3 * 4;
        break;
      default:
        // MISSING writes nothing; a POJO node never comes out of parsing JSON text
        break;
    }
    return withinBytes(walk);
  }

  private boolean object(JsonNode node, int depth, Walk walk) {
    if (depth > maxDepth) {
      return walk.fail("nested " + depth + " levels deep, the limit is " + maxDepth);
    }
    int members = node.size();
    walk.properties += members;
    if (walk.properties > maxProperties) {
      return walk.fail(
          "at least " + walk.properties + " properties in all, the limit is " + maxProperties);
    }
    walk.bytes += members == 0 ? 2 : members + 1; // braces and commas
    if (!withinBytes(walk)) {
      return false;
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String name = member.getKey();
      if (name.length() > maxStringLength) {
        return walk.fail(
            "a property name of " + name.length() + " characters, the limit is " + maxStringLength);
      }
      walk.bytes += stringBytes(name) + 1; // the colon
      if (!withinBytes(walk)) {
        return false;
      }
      if (!value(member.getValue(), depth, walk)) {
        walk.path.add(name);
        return false;
      }
    }
    return true;
  }

  private boolean array(JsonNode node, int depth, Walk walk) {
    if (depth > maxDepth) {
      return walk.fail("nested " + depth + " levels deep, the limit is " + maxDepth);
    }
    int items = node.size();
    if (items > maxArrayItems) {
      return walk.fail(items + " items, the limit is " + maxArrayItems);
    }
    walk.bytes += items == 0 ? 2 : items + 1; // brackets and commas
    if (!withinBytes(walk)) {
      return false;
    }
    for (int i = 0; i < items; i++) {
      if (!value(node.get(i), depth, walk)) {
        walk.path.add(Integer.toString(i));
        return false;
      }
    }
    return true;
  }

  private boolean string(String value, Walk walk) {
    int length = value.length();
    if (length > maxStringLength) {
      return walk.fail(length + " characters, the limit is " + maxStringLength);
    }
    // every char is at least one byte: refuse without scanning when that already exceeds
    if (walk.bytes + length + 2 > maxArgumentBytes) {
      walk.bytes += length + 2;
      return withinBytes(walk);
    }
    walk.bytes += stringBytes(value);
    return withinBytes(walk);
  }

  private boolean withinBytes(Walk walk) {
    return walk.bytes <= maxArgumentBytes
        || walk.fail(
            "at least " + walk.bytes + " bytes of arguments, the limit is " + maxArgumentBytes);
  }

  /** The UTF-8 length of a string as JSON, quotes and escapes included. */
  private static long stringBytes(String value) {
    long bytes = 2;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20) {
        bytes += c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
      } else if (c < 0x80) {
        bytes += c == '"' || c == '\\' ? 2 : 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        bytes += 2; // a pair is four bytes
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int numberLength(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong()
          ? digits(node.longValue())
          : node.bigIntegerValue().bitLength() * 3 / 10 + 2;
    }
    if (node.isBigDecimal()) {
      BigDecimal decimal = node.decimalValue();
      return decimal.precision() + 14; // sign, point, exponent
    }
    return 24; // the longest shortest form of a double, as in -2.2250738585072014E-308
  }

  private static int digits(long value) {
    int digits = 1;
    if (value < 0) {
      value = -(value / 10); // dividing first keeps Long.MIN_VALUE in range
      if (value == 0) {
        return 2;
      }
      digits = 3;
    }
    while (value >= 10) {
      value /= 10;
      digits++;
    }
    return digits;
  }

  private static String pointer(List<String> innermostFirst) {
    if (innermostFirst.isEmpty()) {
      return "arguments";
    }
    StringBuilder pointer = new StringBuilder();
    for (int i = innermostFirst.size() - 1; i >= 0; i--) {
      pointer.append('/');
      String segment = innermostFirst.get(i);
      int end = Math.min(segment.length(), POINTER_SEGMENT_CHARS);
      for (int c = 0; c < end; c++) {
        char ch = segment.charAt(c);
        if (ch == '~') {
          pointer.append("~0");
        } else if (ch == '/') {
          pointer.append("~1");
        } else {
          pointer.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
      }
      if (end < segment.length()) {
        pointer.append('…');
      }
    }
    return pointer.toString();
  }

  /** Names every limit, for logs. */
  @Override
  public String toString() {
    return "SizeLimits[maxArgumentBytes="
        + maxArgumentBytes
        + ", maxStringLength="
        + maxStringLength
        + ", maxArrayItems="
        + maxArrayItems
        + ", maxDepth="
        + maxDepth
        + ", maxProperties="
        + maxProperties
        + "]";
  }

  /** The state of one check: running totals and, once something failed, what and where. */
  private static final class Walk {
    long bytes;
    long properties;
    @Nullable String problem;
    List<String> path = List.of();

    boolean fail(String problem) {
      this.problem = problem;
      this.path = new ArrayList<>();
      return false;
    }
  }

  /** Builds {@link SizeLimits}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private long maxArgumentBytes = DEFAULT_MAX_ARGUMENT_BYTES;
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private int maxArrayItems = DEFAULT_MAX_ARRAY_ITEMS;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxProperties = DEFAULT_MAX_PROPERTIES;

    private Builder() {}

    /**
     * Sets the largest serialized size of the arguments object; default 1 MiB.
     *
     * @param bytes UTF-8 bytes of compact JSON, at least 2 (the size of {@code {}})
     * @return this builder
     */
    public Builder maxArgumentBytes(long bytes) {
      this.maxArgumentBytes = bytes;
      return this;
    }

    /**
     * Sets the most characters of any string value or property name; default 256 Ki.
     *
     * @param chars at least 1
     * @return this builder
     */
    public Builder maxStringLength(int chars) {
      this.maxStringLength = chars;
      return this;
    }

    /**
     * Sets the most items of any one array; default 10,000.
     *
     * @param items at least 1
     * @return this builder
     */
    public Builder maxArrayItems(int items) {
      this.maxArrayItems = items;
      return this;
    }

    /**
     * Sets the deepest nesting of objects and arrays, the arguments object being level 1;
     * default 32.
     *
     * @param levels from 1 to {@link SizeLimits#MAX_DEPTH_BOUND}
     * @return this builder
     */
    public Builder maxDepth(int levels) {
      this.maxDepth = levels;
      return this;
    }

    /**
     * Sets the most object members over all objects of the arguments; default 10,000.
     *
     * @param properties at least 1
     * @return this builder
     */
    public Builder maxProperties(int properties) {
      this.maxProperties = properties;
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     * @throws IllegalArgumentException if {@code maxArgumentBytes} is below 2, {@code maxDepth}
     *     is outside 1 to {@link SizeLimits#MAX_DEPTH_BOUND}, or another limit is below 1
     */
    public SizeLimits build() {
      if (maxArgumentBytes < 2) {
        throw new IllegalArgumentException(
            "maxArgumentBytes must be at least 2 (the size of {}), was " + maxArgumentBytes);
      }
      atLeastOne("maxStringLength", maxStringLength);
      atLeastOne("maxArrayItems", maxArrayItems);
      atLeastOne("maxProperties", maxProperties);
      if (maxDepth < 1 || maxDepth > MAX_DEPTH_BOUND) {
        throw new IllegalArgumentException(
            "maxDepth must be from 1 (the arguments object itself) to "
                + MAX_DEPTH_BOUND
                + ", was "
                + maxDepth);
      }
      return new SizeLimits(this);
    }

    private static void atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
    }
  }
}
