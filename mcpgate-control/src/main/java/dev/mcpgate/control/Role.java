package dev.mcpgate.control;

/**
 * An operator's role. Each role includes the ones before it: an {@code approver} may do what
 * an {@code operator} may, an {@code admin} everything.
 */
public enum Role {
  /** Reads objects, reviews and the logs; changes nothing. */
  VIEWER,
  /** Imports revisions, publishes approved ones, manages selections, bindings, clients, policy. */
  OPERATOR,
  /** Also decides reviews: approves or rejects a revision. */
  APPROVER,
  /** Also manages operators. */
  ADMIN;

  /**
   * Whether this role may do what {@code required} may.
   *
   * @param required the role an action needs
   * @return true when this role is the same or above
   */
  public boolean includes(Role required) {
    return ordinal() >= required.ordinal();
  }
}
