package dev.mcpgate.admin.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.core.policy.PolicyExplanation;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.core.policy.ToolExplanation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Answers "which tools does this caller see, and why is that one hidden" from an environment's
 * snapshot, with core's {@link RulePolicyEngine#explain}: the same tools the data plane serves,
 * and the rules it applies (the store's, completed by {@link AdminApiConfig#effectiveRules} with
 * a host's own rules and its default).
 */
final class PolicyEvaluation {

  private final ControlPlane control;
  private final AdminApiConfig config;

  PolicyEvaluation(AdminApiConfig config) {
    this.control = config.controlPlane();
    this.config = config;
  }

  /** Which tools a caller sees in an environment, and why each hidden one is hidden. */
  Reply evaluate(Call call) {
    Call.Body body = call.json();
    String environment = body.string("environment");
    Call.Body caller = new Call.Body(body.node().has("caller") && body.node().get("caller")
        .isObject() ? body.node().get("caller") : Reply.JSON.createObjectNode());
    CallerContext.Builder builder = CallerContext.builder()
        .subject(caller.optString("subject"))
        .clientId(caller.optString("clientId"))
        .tenant(caller.optString("tenant"))
        .environment(environment)
        .agent(caller.optString("agent"))
        .workload(caller.optString("workload"))
        .scopes(caller.strings("scopes"))
        // Rules may match on how a caller came: the evaluation asks as the caller says it came.
        .surface(Objects.requireNonNullElse(caller.optString("surface"), "mcp"))
        .authMethod(Objects.requireNonNullElse(caller.optString("authMethod"), "evaluation"));
    caller.stringMap("attributes").forEach(builder::attribute);
    String toolName = body.optString("tool");
    ControlSnapshot snapshot = control.snapshot(environment);
    PolicyExplanation explanation = RulePolicyEngine.of(
        config.effectiveRules().apply(snapshot.rules())).explain(builder.build(), snapshot.tools());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("environment", environment);
    out.put("sequence", snapshot.sequence());
    out.put("visible", explanation.visible());
    out.put("hidden", explanation.tools().stream().filter(t -> !t.visible())
        .map(t -> Map.of("tool", t.tool(), "reason", t.decision().reason(),
            "decidingRules", t.decidingRules())).toList());
    if (toolName != null) {
      ToolExplanation tool = explanation.tool(toolName).orElseThrow(() -> Problems.invalid(
          "tool", "environment " + environment + " serves no tool " + toolName));
      out.put("tool", explain(tool));
    }
    return Reply.json(200, out);
  }

  private static Map<String, Object> explain(ToolExplanation tool) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tool", tool.tool());
    view.put("visible", tool.visible());
    view.put("reason", tool.decision().reason());
    view.put("decidingRules", tool.decidingRules());
    view.put("rules", tool.rules().stream().map(rule -> {
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("ruleId", rule.ruleId());
      trace.put("effect", rule.effect().name().toLowerCase(Locale.ROOT));
      trace.put("description", rule.description());
      trace.put("matched", rule.matched());
      trace.put("conditions", rule.conditions().stream().map(c -> Map.of(
          "condition", c.condition(), "outcome", c.outcome().name().toLowerCase(Locale.ROOT),
          "actual", c.actual())).toList());
      return trace;
    }).toList());
    return view;
  }
}
