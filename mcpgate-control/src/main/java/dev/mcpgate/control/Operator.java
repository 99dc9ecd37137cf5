package dev.mcpgate.control;

import java.util.Objects;

/**
 * A person or an automation that governs the gateway through the surfaces. The store keeps the
 * SHA-256 of the operator's token only. Immutable and thread-safe.
 *
 * @param meta id, revision, owner, history
 * @param name a name for people
 * @param role what the operator may do
 * @param revoked whether the operator was revoked (revocation is final)
 */
public record Operator(ObjectMeta meta, String name, Role role, boolean revoked)
    implements ControlObject {

  /** Validates the fields. */
  public Operator {
    Objects.requireNonNull(meta, "meta");
    Ids.name("operator name", name);
    Objects.requireNonNull(role, "role");
  }
}
