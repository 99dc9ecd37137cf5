package dev.mcpgate.core.internal.gates;

import java.util.Objects;

/**
 * A gate's verdict on a call or a listing: it passes, or it stops the call in one of four ways,
 * each answered differently. A refusal is this value, never an exception.
 */
public sealed interface Verdict {

  /**
   * Why, for the audit trail: never an argument value or a secret.
   *
   * @return the reason
   */
  String reason();

  /**
   * Whether the call may go on.
   *
   * @return true for {@link Pass}
   */
  default boolean passed() {
    return this instanceof Pass;
  }

  /**
   * The call passed.
   *
   * @param reason a short note for the audit trail
   * @return the verdict
   */
  static Verdict pass(String reason) {
    return new Pass(reason);
  }

  /**
   * The call may go on.
   *
   * @param reason a short note for the audit trail
   */
  record Pass(String reason) implements Verdict {
    /** Validates the fields. */
    public Pass {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The call is answered as if the tool did not exist: a caller must not learn of a tool it may
   * not use.
   *
   * @param reason for the audit trail
   */
  record Hide(String reason) implements Verdict {
    /** Validates the fields. */
    public Hide {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The call is answered with an {@code isError} result saying it was denied.
   *
   * @param reason for the audit trail
   * @param message for the caller
   */
  record Deny(String reason, String message) implements Verdict {
    /** Validates the fields. */
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The call is answered with an {@code isError} result saying the arguments are not acceptable.
   *
   * @param reason for the audit trail
   * @param message for the caller
   */
  record Invalid(String reason, String message) implements Verdict {
    /** Validates the fields. */
    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The call is answered with an {@code isError} result saying a limit was reached, with when to
   * retry.
   *
   * @param reason for the audit trail
   * @param message for the caller
   */
  record Limit(String reason, String message) implements Verdict {
    /** Validates the fields. */
    public Limit {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
