package dev.mcpgate.core.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Callers, tools and requests for policy tests. */
final class Fixtures {

  private Fixtures() {}

  static CallerContext.Builder caller() {
    return CallerContext.builder().authMethod("jwt").clientId("agent-1");
  }

  static ToolDefinition tool(String name) {
    return ToolDefinition.builder(name).build();
  }

  static ToolDefinition apiTool(String name, String source, String method, String... tags) {
    return ToolDefinition.builder(name)
        .source(source)
        .tags(List.of(tags))
        .http(new HttpOperation(method, "https://api.example.com", "/" + name, List.of(), null))
        .build();
  }

  static ToolDefinition annotated(String name, ToolAnnotations annotations) {
    return ToolDefinition.builder(name).annotations(annotations).build();
  }

  static PolicyDecision listing(RulePolicyEngine engine, CallerContext caller, ToolDefinition tool) {
    return engine.decide(PolicyRequest.forListing(caller, tool));
  }

  static PolicyDecision call(
      RulePolicyEngine engine,
      CallerContext caller,
      ToolDefinition tool,
      Map<String, @Nullable Object> arguments) {
    return engine.decide(new PolicyRequest(caller, tool, arguments));
  }

  /** Whether a one-rule allow policy built from the rule lets the caller see the tool. */
  static boolean matches(PolicyRule.Builder allowRule, CallerContext caller, ToolDefinition tool) {
    return listing(RulePolicyEngine.builder().rule(allowRule).build(), caller, tool).allowed();
  }
}
