package dev.mcpgate.core.internal;

import dev.mcpgate.api.AdapterOutcome;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateOutcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The audit record of one {@code tools/call}, as far as a handler built into mcpgate (the
 * upstream adapter) adds to it: the gates it runs itself, the credential it resolved, what the
 * upstream did, and an outcome that overrides the one the result implies. The engine makes one
 * per call, passes it to an {@link AuditedToolHandler} as an argument, and reads it back when the
 * handler returns. Used by the handler's thread only; not thread-safe.
 */
public final class CallAudit {

  private final AuditEvent.Builder event;
  private @Nullable AuditOutcome outcome;
  private @Nullable AdapterOutcome adapter;

  /**
   * A record that adds gates and the credential to an event being built.
   *
   * @param event the call's audit event
   */
  public CallAudit(AuditEvent.Builder event) {
    this.event = event;
  }

  /**
   * A record that goes nowhere, for a handler called outside the engine.
   *
   * @return a new record
   */
  public static CallAudit discarded() {
    return new CallAudit(
        AuditEvent.builder("-", Instant.EPOCH, "tools/call", CallerContext.anonymous()));
  }

  /**
   * Appends a gate's outcome, after the engine's gates.
   *
   * @param outcome the outcome
   */
  public void gate(GateOutcome outcome) {
    event.gate(outcome);
  }

  /**
   * Records the binding used and what became of its credential.
   *
   * @param bindingId the binding's id
   * @param status the credential's status
   */
  public void credential(String bindingId, CredentialStatus status) {
    event.bindingId(bindingId).credentialStatus(status);
  }

  /**
   * Records what the upstream call did.
   *
   * @param outcome the outcome
   */
  public void adapter(AdapterOutcome outcome) {
    this.adapter = outcome;
  }

  /**
   * Overrides the call's overall outcome, which otherwise follows from the result: {@link
   * AuditOutcome#DENIED} when a gate of the handler stopped the call, {@link
   * AuditOutcome#INVALID} when the arguments could not be placed in a request.
   *
   * @param outcome the outcome
   */
  public void outcome(AuditOutcome outcome) {
    this.outcome = outcome;
  }

  /**
   * The outcome the handler set.
   *
   * @return the outcome, or null when the result decides it
   */
  public @Nullable AuditOutcome outcome() {
    return outcome;
  }

  /**
   * What the upstream call did, as the handler recorded it.
   *
   * @return the outcome, or null when the handler made no upstream call
   */
  public @Nullable AdapterOutcome adapter() {
    return adapter;
  }
}
