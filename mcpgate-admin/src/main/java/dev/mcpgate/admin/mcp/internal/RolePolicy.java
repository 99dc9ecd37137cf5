package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import java.util.Locale;
import java.util.Optional;

/**
 * The Management MCP endpoint's policy: a tool is visible to, and callable by, the operators
 * whose role includes the tool's. A viewer sees the reads only. The service layer authorizes each
 * change again when it is applied. Thread-safe.
 */
final class RolePolicy implements PolicyEngine {

  private final ManagementCatalog catalog;

  RolePolicy(ManagementCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public PolicyDecision decide(PolicyRequest request) {
    Optional<Actor> actor = OperatorIdentity.actor(request.caller());
    Role required = catalog.role(request.tool().name());
    if (actor.isEmpty()) {
      return PolicyDecision.deny("not an operator");
    }
    String needs = "role " + required.name().toLowerCase(Locale.ROOT);
    return actor.get().role().includes(required)
        ? PolicyDecision.allow(needs)
        : PolicyDecision.deny(needs + " needed");
  }
}
