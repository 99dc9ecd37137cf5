package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.admin.mcp.ConfirmationRequest;
import dev.mcpgate.admin.mcp.ConfirmationResult;
import dev.mcpgate.admin.mcp.HumanConfirmation;
import dev.mcpgate.core.client.ClientCapability;
import dev.mcpgate.core.client.ClientRequestFailedException;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.client.Elicitation;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks the client's user with a form elicitation naming the change, the operator and what it
 * does: on a 2025-11-25 session an {@code elicitation/create} request the call waits for, on
 * 2026-07-28 an input-required result the client answers on its retry. The question's key names
 * the plan, so an answer given for one plan is no answer for another. A client that did not
 * declare elicitation is handed to the fallback. Thread-safe (stateless).
 */
public final class ClientConfirmation implements HumanConfirmation {

  /** How a confirmation through the client is recorded. */
  public static final String HOW = "by the client's user (elicitation)";

  /** The most characters of the plan's arguments the question shows. */
  private static final int MAX_ARGUMENTS = 2_000;

  private final HumanConfirmation fallback;

  /**
   * A confirmation through the client.
   *
   * @param fallback what answers when the client cannot ask its user
   */
  public ClientConfirmation(HumanConfirmation fallback) {
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public ConfirmationResult confirm(ConfirmationRequest request) {
    ClientRequests client = request.call().client();
    if (!client.supports(ClientCapability.ELICITATION)) {
      return fallback.confirm(request);
    }
    Elicitation answer;
    try {
      answer = client.elicit(key(request), message(request), schema(request));
    } catch (ClientRequestFailedException e) {
      return new ConfirmationResult.Unavailable("the client did not answer the confirmation ("
          + e.getMessage() + "); plan again, or make the change in the admin UI, with the "
          + "admin API, or with the mcpgate CLI");
    }
    if (answer.accepted()) {
      return answer.content() != null && answer.content().path("confirm").asBoolean(false)
          ? new ConfirmationResult.Confirmed(HOW)
          : new ConfirmationResult.Declined("the user answered without ticking confirm");
    }
    return new ConfirmationResult.Declined("decline".equals(answer.action())
        ? "the user declined" : "the user cancelled");
  }

  /** The question's key: one per plan, the same on every run of that plan's {@code apply}. */
  static String key(ConfirmationRequest request) {
    return "confirm-" + request.planId();
  }

  static String message(ConfirmationRequest request) {
    String arguments = request.arguments().length() > MAX_ARGUMENTS
        ? request.arguments().substring(0, MAX_ARGUMENTS) + "…"
        : request.arguments();
    return "Confirm a change to the mcpgate control plane.\n\n"
        + "Operator " + request.operator() + " (through an MCP client) asks to apply plan "
        + request.planId() + ":\n"
        + "  change: " + request.tool() + " " + arguments + "\n"
        + "  what it does: " + request.summary() + "\n"
        + "  at control plane revision " + request.baseRevision() + " (if anything else changed "
        + "since, it is not applied)\n\n"
        + "This change is destructive. Nothing happens unless you tick \"confirm\" and accept; "
        + "decline to refuse it.";
  }

  private static ObjectNode schema(ConfirmationRequest request) {
    ObjectNode schema = ManagementCatalog.JSON.createObjectNode();
    schema.put("type", "object");
    ObjectNode confirm = schema.putObject("properties").putObject("confirm");
    confirm.put("type", "boolean");
    confirm.put("title", "Apply " + request.tool() + " (plan " + request.planId() + ")");
    confirm.put("description", request.summary());
    confirm.put("default", false);
    schema.putArray("required").add("confirm");
    return schema;
  }
}
