package dev.mcpgate.core;

import dev.mcpgate.core.internal.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a call's argument values go into its audit event, and which fields are redacted.
 *
 * <p>By default ({@link #none()}) no argument value is recorded: arguments are business data
 * the audit trail does not need to hold. {@link #redacting(String...)} opts in: the arguments
 * are recorded as JSON under the event's detail {@value #DETAIL}, with the value of every field
 * of a listed name (at any depth, names compared without regard to case) replaced by {@value
 * #REDACTED}, and the whole cut at {@link #MAX_LENGTH} characters.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArgumentAudit {

  /** The audit detail that holds the recorded arguments. */
  public static final String DETAIL = "arguments";

  /** What a redacted value is replaced with. */
  public static final String REDACTED = "[redacted]";

  /** The most characters of arguments recorded; longer records are cut and end in "...". */
  public static final int MAX_LENGTH = 4096;

  private static final ArgumentAudit NONE = new ArgumentAudit(false, Set.of());

  private final boolean enabled;
  private final Set<String> redacted;

  private ArgumentAudit(boolean enabled, Set<String> redacted) {
    this.enabled = enabled;
    this.redacted = redacted;
  }

  /**
   * Records no argument value; the default.
   *
   * @return the setting
   */
  public static ArgumentAudit none() {
    return NONE;
  }

  /**
   * Records argument values, redacting the fields with these names.
   *
   * @param fieldNames names of fields whose values are never recorded, such as {@code
   *     password} or {@code cardNumber}; may be empty
   * @return the setting
   * @throws IllegalArgumentException if a name is blank
   */
  public static ArgumentAudit redacting(String... fieldNames) {
    Set<String> names = Arrays.stream(fieldNames)
        .map(name -> Objects.requireNonNull(name, "fieldName"))
        .peek(name -> {
          if (name.isBlank()) {
            throw new IllegalArgumentException("a redacted field name must not be blank");
          }
        })
        .map(name -> name.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
    return new ArgumentAudit(true, names);
  }

  /**
   * Whether argument values are recorded.
   *
   * @return true when opted in
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The redacted field names, in lower case.
   *
   * @return the names
   */
  public Set<String> redactedFields() {
    return redacted;
  }

  /** The arguments as they are recorded, redacted and cut. */
  String record(ObjectNode arguments) {
    String text = Json.MAPPER.writeValueAsString(redact(arguments));
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
  }

  private JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = Json.MAPPER.createObjectNode();
      for (var field : object.properties()) {
        copy.set(field.getKey(), redacted.contains(field.getKey().toLowerCase(Locale.ROOT))
            ? Json.MAPPER.getNodeFactory().stringNode(REDACTED)
            : redact(field.getValue()));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = Json.MAPPER.createArrayNode();
      array.forEach(item -> copy.add(redact(item)));
      return copy;
    }
    return node;
  }

  @Override
  public String toString() {
    return enabled ? "ArgumentAudit[redacting " + redacted + "]" : "ArgumentAudit[none]";
  }
}
