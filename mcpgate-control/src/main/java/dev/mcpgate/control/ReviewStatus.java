package dev.mcpgate.control;

/** Where a revision's review stands. */
public enum ReviewStatus {
  /** Waiting for an approver. */
  PENDING,
  /** Approved by an approver, or by a rule; the revision may be published. */
  APPROVED,
  /** Rejected; the revision can never be published. */
  REJECTED
}
