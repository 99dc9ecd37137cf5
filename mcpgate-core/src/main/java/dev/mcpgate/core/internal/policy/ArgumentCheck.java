package dev.mcpgate.core.internal.policy;

import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.ArgumentCondition.Operator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ArgumentCondition} compiled: expected numbers converted once, typed comparison
 * without reflection. An absent, null or differently typed argument satisfies nothing.
 * Immutable and thread-safe.
 */
final class ArgumentCheck implements Check<Map<String, @Nullable Object>> {

  private final ArgumentCondition condition;
  private final String argument;
  private final Operator operator;
  private final Object[] expected;

  ArgumentCheck(ArgumentCondition condition) {
    this.condition = condition;
    this.argument = condition.argument();
    this.operator = condition.operator();
    List<?> values =
        condition.operator().membership() ? (List<?>) condition.value() : List.of(condition.value());
    this.expected = new Object[values.size()];
    for (int i = 0; i < expected.length; i++) {
      Object value = values.get(i);
      expected[i] = value instanceof Number number ? normalize(number) : value;
    }
  }

  @Override
  public boolean test(Map<String, @Nullable Object> arguments) {
    Object actual = arguments.get(argument);
    if (actual == null) {
      return false;
    }
    switch (operator) {
      case EQUALS:
      case IN:
        for (Object value : expected) {
          if (equal(value, actual)) {
            return true;
          }
        }
        return false;
      case NOT_EQUALS:
      case NOT_IN:
        for (Object value : expected) {
          if (!sameType(value, actual) || equal(value, actual)) {
            return false;
          }
        }
        return true;
      default:
        if (!(actual instanceof Number number)) {
          return false;
        }
        if (expected[0] instanceof Long limit && isIntegral(number)) {
          // The common case (an integer against an integer bound) without boxing.
          return holds(Long.compare(number.longValue(), limit));
        }
        Object bound = normalize(number);
        if (bound == null) {
          return false;
        }
        return holds(compare(bound, expected[0]));
    }
  }

  private boolean holds(int order) {
    switch (operator) {
      case LESS_THAN:
        return order < 0;
      case AT_MOST:
        return order <= 0;
      case GREATER_THAN:
        return order > 0;
      default:
        return order >= 0;
    }
  }

  private static boolean isIntegral(Number number) {
    return number instanceof Integer || number instanceof Long
        || number instanceof Short || number instanceof Byte;
  }

  @Override
  public String describe() {
    return condition.toString();
  }

  @Override
  public String actual(Map<String, @Nullable Object> arguments) {
    return arguments.containsKey(argument) && arguments.get(argument) != null
        ? Check.quote(arguments.get(argument))
        : "(absent)";
  }

  private static boolean sameType(Object expected, Object actual) {
    if (expected instanceof String) {
      return actual instanceof String;
    }
    if (expected instanceof Boolean) {
      return actual instanceof Boolean;
    }
    return actual instanceof Number;
  }

  private static boolean equal(Object expected, Object actual) {
    if (expected instanceof String || expected instanceof Boolean) {
      return expected.equals(actual);
    }
    if (!(actual instanceof Number number)) {
      return false;
    }
    Object normalized = normalize(number);
    return normalized != null && compare(normalized, expected) == 0;
  }

  /**
   * A number as a Long when it is an integer type, else as a BigDecimal; null for a value that
   * compares with nothing (NaN, infinities, unknown Number types).
   */
  private static @Nullable Object normalize(Number number) {
    if (isIntegral(number)) {
      return number.longValue();
    }
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
    }
    return null;
  }

  private static int compare(Object left, Object right) {
    if (left instanceof Long a && right instanceof Long b) {
      return Long.compare(a, b);
    }
    return decimal(left).compareTo(decimal(right));
  }

  private static BigDecimal decimal(Object number) {
    return number instanceof Long value ? BigDecimal.valueOf(value) : (BigDecimal) number;
  }
}
