package dev.mcpgate.core.internal.gates;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.JsonValues;
import dev.mcpgate.core.internal.RegisteredTool;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gate 3: the policy. A call is first decided as a listing, so that a tool the caller may not
 * see is hidden exactly as in {@code tools/list}, and then with its arguments.
 */
public final class PolicyGate implements Gate {

  private final PolicyEngine policy;

  /**
   * A gate asking a policy engine.
   *
   * @param policy the engine
   */
  public PolicyGate(PolicyEngine policy) {
    this.policy = policy;
  }

  @Override
  public GateId id() {
    return GateId.POLICY;
  }

  @Override
  public Predicate<RegisteredTool> listing(CallerContext caller) {
    Predicate<ToolDefinition> visible = policy.visibleTo(caller);
    return tool -> visible.test(tool.definition());
  }

  @Override
  public Verdict check(CallerContext caller, RegisteredTool tool, @Nullable ObjectNode arguments) {
    PolicyDecision listing = policy.decide(PolicyRequest.forListing(caller, tool.definition()));
    if (!listing.allowed()) {
      return new Verdict.Hide(listing.reason());
    }
    if (arguments == null) {
      return Verdict.pass(listing.reason());
    }
    PolicyDecision call = policy.decide(
        new PolicyRequest(caller, tool.definition(), JsonValues.toMap(arguments)));
    return call.allowed()
        ? Verdict.pass(call.reason())
        : new Verdict.Deny(call.reason(),
            "The call to " + tool.name() + " was denied by policy.");
  }
}
