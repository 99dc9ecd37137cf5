package dev.mcpgate.api;

import java.util.Objects;

/**
 * One runtime gate's verdict on a call, as recorded in the audit trail.
 *
 * @param gate the gate, such as {@link GateId#POLICY}
 * @param passed whether the call passed it
 * @param reason why it stopped the call, or a short note; never an argument value or a secret
 */
public record GateOutcome(GateId gate, boolean passed, String reason) {

  /** Validates the fields. */
  public GateOutcome {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(reason, "reason");
  }
}
