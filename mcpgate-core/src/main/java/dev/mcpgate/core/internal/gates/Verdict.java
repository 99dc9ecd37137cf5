package dev.mcpgate.core.internal.gates;

import java.util.Objects;

/**
 * A gate's verdict.
 *
 * @param passed whether the call may go on
 * @param reason for the audit trail: why, never an argument value or a secret
 * @param stop how a stopped call is answered; {@link Stop#NONE} when it passed
 * @param message what the caller is told when stopped; empty when it passed
 */
public record Verdict(boolean passed, String reason, Stop stop, String message) {

  /** How a stopped call is answered. */
  public enum Stop {
    /** Not stopped. */
    NONE,
    /** As if the tool did not exist: a caller must not learn of a tool it may not use. */
    HIDE,
    /** An {@code isError} result saying the call was denied. */
    DENY,
    /** An {@code isError} result saying the arguments are not acceptable. */
    INVALID,
    /** An {@code isError} result saying a limit was reached, with when to retry. */
    LIMIT
  }

  /** Validates the fields. */
  public Verdict {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(stop, "stop");
    Objects.requireNonNull(message, "message");
    if (passed != (stop == Stop.NONE)) {
      throw new IllegalArgumentException("a verdict stops the call exactly when it did not pass");
    }
  }

  /**
   * The call passed.
   *
   * @param reason a short note for the audit trail
   * @return the verdict
   */
  public static Verdict pass(String reason) {
    return new Verdict(true, reason, Stop.NONE, "");
  }

  /**
   * The call is stopped.
   *
   * @param stop how it is answered
   * @param reason for the audit trail
   * @param message for the caller
   * @return the verdict
   */
  public static Verdict stop(Stop stop, String reason, String message) {
    return new Verdict(false, reason, stop, message);
  }
}
