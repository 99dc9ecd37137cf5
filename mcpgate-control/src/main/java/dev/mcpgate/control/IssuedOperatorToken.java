package dev.mcpgate.control;

import java.util.Objects;

/**
 * An operator just created, with its token: the only time the token is seen. {@link
 * #toString()} leaves it out. Immutable and thread-safe.
 *
 * @param operator the operator
 * @param token the token, to give to the operator once
 */
public record IssuedOperatorToken(Operator operator, String token) {

  /** Validates the fields. */
  public IssuedOperatorToken {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(token, "token");
  }

  /** The operator, never the token. */
  @Override
  public String toString() {
    return "IssuedOperatorToken[" + operator.meta().id() + " " + operator.role() + "]";
  }
}
