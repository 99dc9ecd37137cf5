package dev.mcpgate.core.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A condition on one top-level argument of a {@code tools/call}, such as {@code amount <= 1000}
 * or {@code currency in [EUR, USD]}.
 *
 * <p>Values are typed: a string equals only a string, a boolean only a boolean, and numbers
 * compare by value ({@code 1000} equals {@code 1000.0}). An argument that is absent, null or of
 * another type satisfies no condition, not even {@link Operator#NOT_EQUALS} or {@link
 * Operator#NOT_IN}: write an allow rule for what is permitted ({@code amount <= 1000}) rather
 * than a deny rule for what is not, and a call that leaves the argument out is not allowed by it.
 *
 * <p>A listing ({@code tools/list}) has no arguments, so argument conditions are evaluated only
 * for calls; {@link RulePolicyEngine} documents how a rule with argument conditions counts for
 * a listing. Immutable and thread-safe.
 *
 * @param argument the top-level argument's name
 * @param operator how the argument is compared
 * @param value a string, boolean or number for {@link Operator#EQUALS} and {@link
 *     Operator#NOT_EQUALS}; a number for the ordering operators; a non-empty list of strings,
 *     booleans or numbers for {@link Operator#IN} and {@link Operator#NOT_IN}
 */
public record ArgumentCondition(String argument, Operator operator, Object value) {

  /** How an argument is compared with a condition's value. */
  public enum Operator {
    /** The argument equals the value. */
    EQUALS("=="),
    /** The argument is present, of the value's type, and differs from it. */
    NOT_EQUALS("!="),
    /** The argument equals one of the values. */
    IN("in"),
    /** The argument is present, and of the type of the values, and equals none of them. */
    NOT_IN("not in"),
    /** The argument is a number less than the value. */
    LESS_THAN("<"),
    /** The argument is a number less than or equal to the value. */
    AT_MOST("<="),
    /** The argument is a number greater than the value. */
    GREATER_THAN(">"),
    /** The argument is a number greater than or equal to the value. */
    AT_LEAST(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /**
     * How the operator is written in explanations, such as {@code <=}.
     *
     * @return the symbol
     */
    public String symbol() {
      return symbol;
    }

    /**
     * Whether the operator compares numbers by order.
     *
     * @return true for {@code <}, {@code <=}, {@code >}, {@code >=}
     */
    public boolean ordering() {
      return this == LESS_THAN || this == AT_MOST || this == GREATER_THAN || this == AT_LEAST;
    }

    /**
     * Whether the operator takes a list of values.
     *
     * @return true for {@link #IN} and {@link #NOT_IN}
     */
    public boolean membership() {
      return this == IN || this == NOT_IN;
    }
  }

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the argument name is blank or the value does not fit
   *     the operator (see {@link #value()}); numbers must be finite
   */
  public ArgumentCondition {
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
    if (argument.isBlank()) {
      throw new IllegalArgumentException("an argument condition needs an argument name");
    }
    String where = "argument '" + argument + "' " + operator.symbol();
    if (operator.membership()) {
      if (!(value instanceof Collection<?> values) || values.isEmpty()) {
        throw new IllegalArgumentException(where + " needs a non-empty list of values");
      }
      List<Object> copy = new ArrayList<>(values.size());
      for (Object item : values) {
        copy.add(requireScalar(where, item));
      }
      value = Collections.unmodifiableList(copy);
    } else if (operator.ordering()) {
      if (!(value instanceof Number number) || !finite(number)) {
        throw new IllegalArgumentException(where + " needs a finite number, not " + value);
      }
    } else {
      value = requireScalar(where, value);
    }
  }

  /**
   * {@code argument == value}.
   *
   * @param argument the argument's name
   * @param value a string, boolean or number
   * @return the condition
   */
  public static ArgumentCondition equalTo(String argument, Object value) {
    return new ArgumentCondition(argument, Operator.EQUALS, value);
  }

  /**
   * {@code argument != value}, for a present argument of the value's type.
   *
   * @param argument the argument's name
   * @param value a string, boolean or number
   * @return the condition
   */
  public static ArgumentCondition notEqualTo(String argument, Object value) {
    return new ArgumentCondition(argument, Operator.NOT_EQUALS, value);
  }

  /**
   * {@code argument in values}.
   *
   * @param argument the argument's name
   * @param values strings, booleans or numbers
   * @return the condition
   */
  public static ArgumentCondition in(String argument, Collection<?> values) {
    return new ArgumentCondition(argument, Operator.IN, values);
  }

  /**
   * {@code argument not in values}, for a present argument of the values' type.
   *
   * @param argument the argument's name
   * @param values strings, booleans or numbers
   * @return the condition
   */
  public static ArgumentCondition notIn(String argument, Collection<?> values) {
    return new ArgumentCondition(argument, Operator.NOT_IN, values);
  }

  /**
   * {@code argument < bound}.
   *
   * @param argument the argument's name
   * @param bound a finite number
   * @return the condition
   */
  public static ArgumentCondition lessThan(String argument, Number bound) {
    return new ArgumentCondition(argument, Operator.LESS_THAN, bound);
  }

  /**
   * {@code argument <= bound}.
   *
   * @param argument the argument's name
   * @param bound a finite number
   * @return the condition
   */
  public static ArgumentCondition atMost(String argument, Number bound) {
    return new ArgumentCondition(argument, Operator.AT_MOST, bound);
  }

  /**
   * {@code argument > bound}.
   *
   * @param argument the argument's name
   * @param bound a finite number
   * @return the condition
   */
  public static ArgumentCondition greaterThan(String argument, Number bound) {
    return new ArgumentCondition(argument, Operator.GREATER_THAN, bound);
  }

  /**
   * {@code argument >= bound}.
   *
   * @param argument the argument's name
   * @param bound a finite number
   * @return the condition
   */
  public static ArgumentCondition atLeast(String argument, Number bound) {
    return new ArgumentCondition(argument, Operator.AT_LEAST, bound);
  }

  /**
   * The condition as explanations write it, such as {@code amount <= 1000}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return argument + " " + operator.symbol() + " " + value;
  }

  private static Object requireScalar(String where, Object value) {
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number && isSupportedNumber(number) && finite(number)) {
      return value;
    }
    throw new IllegalArgumentException(
        where + ": a value must be a string, boolean or finite number, not " + value);
  }

  private static boolean isSupportedNumber(Number number) {
    return number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte
        || number instanceof Double
        || number instanceof Float
        || number instanceof BigInteger
        || number instanceof BigDecimal;
  }

  private static boolean finite(Number number) {
    if (number instanceof Double || number instanceof Float) {
      return Double.isFinite(number.doubleValue());
    }
    return isSupportedNumber(number);
  }
}
