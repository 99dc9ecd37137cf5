package dev.mcpgate.core.internal;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateOutcome;

/**
 * What a tool handler built into mcpgate (the upstream adapter) adds to its call's audit event:
 * the gates it runs itself, the credential it resolved and what the upstream did. The engine's
 * {@code ToolCall} implements it; a handler checks for it with {@code instanceof}. Used by the
 * handler's thread only.
 */
public interface CallAudit {

  /**
   * Appends a gate's outcome, after the engine's gates.
   *
   * @param outcome the outcome
   */
  void gate(GateOutcome outcome);

  /**
   * Records the binding used and what became of its credential.
   *
   * @param bindingId the binding's id
   * @param status the credential's status
   */
  void credential(String bindingId, CredentialStatus status);

  /**
   * Records what the upstream call did.
   *
   * @param outcome the outcome
   */
  void adapter(AdapterOutcome outcome);

  /**
   * Overrides the call's overall outcome, which otherwise follows from the result: {@code
   * denied} when a gate of the handler stopped the call, {@code invalid} when the arguments
   * could not be placed in a request.
   *
   * @param outcome the outcome
   */
  void outcome(String outcome);
}
