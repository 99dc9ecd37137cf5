package dev.mcpgate.admin.mcp;

import dev.mcpgate.core.ToolCall;
import java.util.Objects;

/**
 * What a human is asked to confirm before a destructive change is applied: one plan of one
 * operator. Immutable.
 *
 * @param operator the operator applying the plan
 * @param planId the plan's id, as the plan tool returned it
 * @param tool the change tool the plan was made with, such as {@code revokeClient}
 * @param arguments the plan's exact arguments, as JSON text
 * @param baseRevision the control plane's revision the plan was made at, and is applied at
 * @param summary what would change, for people (from the service layer's dry run)
 * @param call the {@code apply} call in progress, through which the client may be asked
 */
public record ConfirmationRequest(
    String operator, String planId, String tool, String arguments, long baseRevision,
    String summary, ToolCall call) {

  /** Validates the fields. */
  public ConfirmationRequest {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(call, "call");
    if (baseRevision < 0) {
      throw new IllegalArgumentException("baseRevision must not be negative");
    }
  }
}
