package dev.mcpgate.api;

import java.util.Objects;

/** A policy's answer for one caller and one tool: allow or deny, with a reason. */
public sealed interface PolicyDecision {

  /**
   * Why the decision was taken, for the audit trail and the explain API; never shown to a
   * caller who is denied (a denied tool looks like an unknown tool).
   *
   * @return the reason, such as the matching rule's id
   */
  String reason();

  /**
   * Whether the call or the listing is allowed.
   *
   * @return true for {@link Allow}
   */
  default boolean allowed() {
    return this instanceof Allow;
  }

  /**
   * The caller may see and use the tool.
   *
   * @param reason why
   */
  record Allow(String reason) implements PolicyDecision {
    /** Validates the fields. */
    public Allow {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The caller may not see or use the tool.
   *
   * @param reason why
   */
  record Deny(String reason) implements PolicyDecision {
    /** Validates the fields. */
    public Deny {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Allows, with a reason.
   *
   * @param reason why
   * @return the decision
   */
  static PolicyDecision allow(String reason) {
    return new Allow(reason);
  }

  /**
   * Denies, with a reason.
   *
   * @param reason why
   * @return the decision
   */
  static PolicyDecision deny(String reason) {
    return new Deny(reason);
  }
}
