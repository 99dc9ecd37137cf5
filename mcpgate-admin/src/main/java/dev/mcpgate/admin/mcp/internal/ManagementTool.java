package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Role;
import java.util.Objects;

/**
 * One admin API operation as a management tool: the definition the importer made (which the
 * in-process call uses), the definition served to agents, what it is and who may use it.
 *
 * @param imported the importer's definition, with the HTTP operation to call
 * @param served the definition agents list and call
 * @param kind a read, or a change (planned, then applied)
 * @param role the least role that may use it
 * @param destructive when a change needs a human's confirmation
 */
record ManagementTool(
    ToolDefinition imported, ToolDefinition served, Kind kind, Role role,
    Destructive destructive) {

  /** A read answers at once; a change returns a plan. */
  enum Kind { READ, CHANGE }

  /** Whether a change needs a human's confirmation. */
  enum Destructive {
    /** Never. */
    NO,
    /** Always: revocations, deletions, withdrawals. */
    ALWAYS,
    /** When the revision approved adds or changes write operations. */
    WHEN_WRITES_CHANGE,
    /** When the rule allows more (an allow rule, or replacing a deny rule). */
    WHEN_POLICY_ALLOWS_MORE
  }

  ManagementTool {
    Objects.requireNonNull(imported, "imported");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(destructive, "destructive");
  }

  String name() {
    return served.name();
  }
}
