package dev.mcpgate.core;

import java.util.Locale;

/**
 * How a source's tools advertise their output schemas and what becomes of an answer that does
 * not match. Whatever the mode, the engine checks every result against the schema the tool
 * advertises before it is sent, so that no result is one an MCP client must reject: the
 * specification says that a tool with an {@code outputSchema} returns {@code structuredContent}
 * conforming to it on success, and the official SDK clients refuse a result that does not
 * (TypeScript: errors -32602 and -32600; Java: an exception when it checks schemas).
 *
 * <p>A result marked {@code isError} needs no structured content; one that carries some that
 * does not conform loses it, keeping its text.
 */
public enum OutputSchemaMode {

  /**
   * The description's schema is advertised as it is and enforced: a successful answer whose
   * JSON does not conform, that is not JSON, or that was cut at the response size cap becomes
   * an {@code isError} result that says why and carries the answer's text. For APIs known to
   * match their descriptions, and clients that rely on every field the schema promises.
   */
  STRICT,

  /**
   * The default. A relaxed form of the schema is advertised and enforced: it keeps the shape
   * (properties, their descriptions, objects and arrays) and drops what real answers most often
   * break: {@code required}, closed objects ({@code additionalProperties: false}), enumerations,
   * constants, patterns, formats, length and range bounds, {@code oneOf} exclusivity; any value
   * may be null, and a scalar may be any scalar. An answer that conforms keeps its structured
   * content; an empty answer gets an empty object; an answer that still does not conform (an
   * array where an object was described, JSON cut at the size cap, text instead of JSON)
   * becomes an {@code isError} result carrying the answer's text, as in {@link #STRICT}.
   */
  LENIENT,

  /**
   * No output schema is advertised and no structured content is sent: every answer reaches the
   * caller as text (the JSON as the upstream sent it), and no answer is turned into an error
   * for its shape. For APIs that drift far from their descriptions.
   */
  NONE;

  /**
   * The name used in configuration files: {@code strict}, {@code lenient} or {@code none}.
   *
   * @return the lower-case name
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode with a configuration name.
   *
   * @param name {@code strict}, {@code lenient} or {@code none}, in any case
   * @return the mode
   * @throws IllegalArgumentException if the name is none of these
   */
  public static OutputSchemaMode fromWireName(String name) {
    for (OutputSchemaMode mode : values()) {
      if (mode.wireName().equalsIgnoreCase(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("an output schema mode is strict, lenient or none");
  }
}
