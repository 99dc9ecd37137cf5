package dev.mcpgate.admin.mcp;

import java.util.Objects;

/** What came of asking a human to confirm a destructive change. */
public sealed interface ConfirmationResult {

  /**
   * A human confirmed (or the deployment said no human is needed).
   *
   * @param how how it was confirmed, for the audit and the result, such as {@code elicitation}
   */
  record Confirmed(String how) implements ConfirmationResult {
    /** Validates the fields. */
    public Confirmed {
      Objects.requireNonNull(how, "how");
    }
  }

  /**
   * The human declined or cancelled.
   *
   * @param reason why, for the agent
   */
  record Declined(String reason) implements ConfirmationResult {
    /** Validates the fields. */
    public Declined {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * No human could be asked through this client.
   *
   * @param reason what to do instead, for the agent and its user
   */
  record Unavailable(String reason) implements ConfirmationResult {
    /** Validates the fields. */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
