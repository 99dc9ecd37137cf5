package dev.mcpgate.admin.mcp;

import dev.mcpgate.admin.mcp.internal.ClientConfirmation;
import java.util.Objects;

/**
 * Asks a human, through the MCP client, to confirm a destructive change (a revocation, a
 * deletion, approving a revision that adds write operations, a policy that allows more) before
 * {@code apply} makes it. The model itself can never confirm: the answer must come from the
 * client's user (elicitation on 2025-11-25 sessions, an input-required result on 2026-07-28),
 * which {@link #throughClient()} asks for.
 *
 * <p>It is asked inside the {@code apply} of one plan, with that plan's operator, exact arguments
 * and base revision; the plan token is spent by the run that gets the answer, so a confirmation
 * is never reused for other arguments or a second time. On 2026-07-28 the {@code apply} runs again
 * when the client brings the answer, so an implementation may be asked twice for one plan: it
 * must do nothing it cannot do twice before it has its answer.
 *
 * <p>Implementations are thread-safe and return a value: a refusal is {@link
 * ConfirmationResult.Declined} or {@link ConfirmationResult.Unavailable}, never an exception.
 * The one exception they let through is the one by which asking through {@code
 * request.call().client()} ends a run on 2026-07-28 (catch specific exceptions, never all).
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
   * Asks the client's user, when the client can ask one, and refuses with {@link #USE_UI_OR_CLI}
   * when it cannot: {@code throughClient(unavailable())}. The default.
   *
   * @return the confirmation
   */
  static HumanConfirmation throughClient() {
    return throughClient(unavailable());
  }

  /**
   * Asks the client's user with a form elicitation that names the change, the operator, what the
   * change does and the base revision (accept with "confirm" ticked applies it; decline, cancel
   * or an unticked box refuse it): an {@code elicitation/create} request on a 2025-11-25 session,
   * an input-required result on 2026-07-28. A client that did not declare the {@code elicitation}
   * capability (or cannot be reached, as on a stateless 2025 transport) gets {@code otherwise}'s
   * answer. A client that does not answer in time gets {@link ConfirmationResult.Unavailable}.
   *
   * @param otherwise what answers for a client that cannot ask its user, such as {@link
   *     #unavailable()} or {@link #notRequired()}
   * @return the confirmation
   */
  static HumanConfirmation throughClient(HumanConfirmation otherwise) {
    return new ClientConfirmation(Objects.requireNonNull(otherwise, "otherwise"));
  }

  /**
   * No human can be asked: every destructive change is refused with {@link #USE_UI_OR_CLI}.
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
