package dev.mcpgate.control.internal;

import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.PolicyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a rule from its JSON form, decoded into maps, lists, strings, numbers and booleans: the
 * one reading of a rule that the admin API, the CLI and the Management MCP endpoint share. Each
 * refusal names the field and never quotes a compared value.
 */
public final class RuleFields {

  private static final String OPERATORS = "==, !=, in, not in, <, <=, >, >= (or EQUALS,"
      + " NOT_EQUALS, IN, NOT_IN, LESS_THAN, AT_MOST, GREATER_THAN, AT_LEAST)";

  private RuleFields() {}

  /**
   * Reads a rule.
   *
   * @param id the rule's id
   * @param json the fields
   * @return the rule
   * @throws IllegalArgumentException naming the first field that is missing or wrong
   */
  public static RuleDefinition read(String id, Map<String, ?> json) {
    Object effectValue = json.get("effect");
    if (!(effectValue instanceof String effectText)) {
      throw new IllegalArgumentException("effect is required: allow or deny");
    }
    PolicyRule.Effect effect = switch (effectText.toLowerCase(Locale.ROOT)) {
      case "allow" -> PolicyRule.Effect.ALLOW;
      case "deny" -> PolicyRule.Effect.DENY;
      default -> throw new IllegalArgumentException("effect must be allow or deny");
    };
    Object order = json.get("order");
    if (order != null && !(order instanceof Integer)) {
      throw new IllegalArgumentException("order must be an integer");
    }
    Object description = json.get("description");
    if (description != null && !(description instanceof String)) {
      throw new IllegalArgumentException("description must be a string");
    }
    return new RuleDefinition(id, order == null ? 0 : (Integer) order, effect,
        (String) description, strings(json, "subjects"), strings(json, "agents"),
        strings(json, "workloads"), strings(json, "clientIds"), strings(json, "surfaces"),
        strings(json, "tenants"), strings(json, "environments"), strings(json, "authMethods"),
        strings(json, "scopes"), strings(json, "allScopes"), attributes(json),
        strings(json, "tools"), strings(json, "tags"), strings(json, "sources"),
        strings(json, "httpMethods"), hint(json, "readOnly"), hint(json, "destructive"),
        hint(json, "idempotent"), hint(json, "openWorld"), arguments(json));
  }

  private static List<String> strings(Map<String, ?> json, String field) {
    return strings(json.get(field), field);
  }

  private static List<String> strings(@Nullable Object value, String field) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException(field + " must be an array of strings");
      }
      out.add(text);
    }
    return out;
  }

  private static @Nullable Boolean hint(Map<String, ?> json, String field) {
    Object value = json.get(field);
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException(field + " must be true, false or null");
    }
    return (Boolean) value;
  }

  private static Map<String, List<String>> attributes(Map<String, ?> json) {
    Object value = json.get("attributes");
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "attributes must be an object: each attribute name with an array of values");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    map.forEach((name, values) -> {
      String text = String.valueOf(name);
      if (text.isBlank()) {
        throw new IllegalArgumentException("attributes: an attribute name must not be blank");
      }
      out.put(text, strings(values, "attributes." + text));
    });
    return out;
  }

  private static List<ArgumentCondition> arguments(Map<String, ?> json) {
    Object value = json.get("arguments");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("arguments must be an array of conditions such as"
          + " {\"argument\": \"amount\", \"operator\": \"<=\", \"value\": 1000}");
    }
    List<ArgumentCondition> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String where = "arguments[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> condition)) {
        throw new IllegalArgumentException(where + " must be an object with argument, operator"
            + " and value");
      }
      if (!(condition.get("argument") instanceof String argument) || argument.isBlank()) {
        throw new IllegalArgumentException(where + ".argument must name an argument");
      }
      ArgumentCondition.Operator operator = operator(condition.get("operator"));
      if (operator == null) {
        throw new IllegalArgumentException(where + ".operator must be one of " + OPERATORS);
      }
      String expected = where + ".value must be " + (operator.membership()
          ? "a non-empty array of strings, booleans or finite numbers"
          : operator.ordering() ? "a finite number" : "a string, boolean or finite number");
      Object compared = condition.get("value");
      if (compared == null) {
        throw new IllegalArgumentException(expected);
      }
      try {
        out.add(new ArgumentCondition(argument, operator, compared));
      } catch (IllegalArgumentException e) {
        // The library's message quotes the value, which a condition may compare to a secret.
        throw new IllegalArgumentException(expected, e);
      }
    }
    return out;
  }

  private static ArgumentCondition.@Nullable Operator operator(@Nullable Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    for (ArgumentCondition.Operator operator : ArgumentCondition.Operator.values()) {
      if (operator.symbol().equals(text) || operator.name().equalsIgnoreCase(text)) {
        return operator;
      }
    }
    return null;
  }
}
