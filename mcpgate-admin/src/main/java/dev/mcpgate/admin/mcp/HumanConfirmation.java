package dev.mcpgate.admin.mcp;

/**
 * Asks a human, through the MCP client, to confirm a destructive change (a revocation, a
 * deletion, approving a revision that adds write operations, a policy that allows more) before
 * {@code apply} makes it. The model itself can never confirm: the answer must come from the
 * client's user (elicitation on 2025-11-25 sessions, an input-required result on 2026-07-28).
 *
 * <p>Implementations are thread-safe and return a value: a refusal is {@link
 * ConfirmationResult.Declined} or {@link ConfirmationResult.Unavailable}, never an exception.
 */
@FunctionalInterface
public interface HumanConfirmation {

  /** What {@link #unavailable()} answers, for the agent and its user. */
  String USE_UI_OR_CLI = "this change needs a human's confirmation and this client cannot ask "
      + "one: make it in the admin UI, with the admin API, or with the mcpgate CLI";

  /**
   * Asks.
   *
   * @param request the plan to confirm
   * @return confirmed, declined or unavailable
   */
  ConfirmationResult confirm(ConfirmationRequest request);

  /**
   * No human can be asked: every destructive change is refused with {@link #USE_UI_OR_CLI}. The
   * default, until the protocol engine can send the client a request of its own.
   *
   * @return the confirmation
   */
  static HumanConfirmation unavailable() {
    return request -> new ConfirmationResult.Unavailable(USE_UI_OR_CLI);
  }

  /**
   * Destructive changes need no human: the plan token alone applies them. For deployments whose
   * operators accept that their agent applies what it planned.
   *
   * @return the confirmation
   */
  static HumanConfirmation notRequired() {
    return request -> new ConfirmationResult.Confirmed("not required by configuration");
  }
}
