package dev.mcpgate.api;

/** What became of a call's upstream credential, as recorded in the audit trail. */
public enum CredentialStatus {
  /** No credential was asked for: the tool needs none, or the call stopped at a gate first. */
  NOT_REQUESTED,
  /** The secret was resolved. */
  RESOLVED,
  /** The store has no secret under the binding's reference. */
  MISSING,
  /** The secret exists but has expired. */
  EXPIRED,
  /** The store could not be read. */
  ERROR
}
