package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A {@link RulePolicyEngine} in the gateway: hidden tools, denied calls, reasons in the audit. */
class RulePolicyGatewayTest {

  private static final String AMOUNT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}}}";

  private final RecordingAuditSink audit = new RecordingAuditSink();

  private final CallerContext support =
      CallerContext.builder()
          .clientId("support-bot")
          .tenant("acme")
          .scopes(List.of("support"))
          .authMethod("jwt")
          .build();

  private TestClient client(boolean dryRun) {
    RulePolicyEngine policy =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("support-reads").anyScope("support").tools("get_*"))
            .rule(
                PolicyRule.allow("small-refunds")
                    .anyScope("support")
                    .tools("refund")
                    .argument(ArgumentCondition.atMost("amount", 100)))
            .rule(PolicyRule.deny("no-admin-tools").tools("admin_*"))
            .dryRun(dryRun)
            .build();
    return TestClient.connect(
            McpGateway.builder()
                .policy(policy)
                .auditSink(audit)
                .tool(Tools.tool("get_order"), Tools.echo())
                .tool(Tools.tool("refund", AMOUNT_SCHEMA), Tools.echo())
                .tool(Tools.tool("admin_reset"), Tools.echo())
                .tool(Tools.tool("delete_order"), Tools.echo())
                .build())
        .as(support);
  }

  private static List<String> listed(TestClient client) {
    List<String> names = new ArrayList<>();
    for (JsonNode tool : client.request("tools/list", "{}").at("/result/tools")) {
      names.add(tool.get("name").asString());
    }
    return names;
  }

  @Test
  void theListingShowsOnlyAllowedToolsIncludingThoseWithArgumentConditions() {
    assertThat(listed(client(false))).containsExactly("get_order", "refund");
  }

  @Test
  void aHiddenToolAnswersAsUnknownAndTheAuditNamesTheRule() {
    JsonNode response = client(false).request("tools/call", "{\"name\":\"admin_reset\"}");

    assertThat(response.at("/error/message").asString()).isEqualTo("Unknown tool: admin_reset");
    assertThat(audit.only("tools/call").gates())
        .last()
        .isEqualTo(new GateOutcome(GateId.POLICY, false, "denied by rule no-admin-tools"));
  }

  @Test
  void aCallOutsideTheArgumentConditionsIsDeniedByPolicy() {
    JsonNode result = client(false).callTool("refund", "{\"amount\":500}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).contains("denied by policy");
    assertThat(audit.only("tools/call").gates())
        .last()
        .isEqualTo(new GateOutcome(GateId.POLICY, false, RulePolicyEngine.DEFAULT_DENY_REASON));
  }

  @Test
  void aCallInsideTheArgumentConditionsRuns() {
    JsonNode result = client(false).callTool("refund", "{\"amount\":50}");

    assertThat(result.path("isError").asBoolean(false)).isFalse();
    assertThat(audit.only("tools/call").gates())
        .filteredOn(gate -> gate.gate() == GateId.POLICY)
        .containsExactly(new GateOutcome(GateId.POLICY, true, "allowed by rule small-refunds"));
  }

  @Test
  void aDryRunShowsAndRunsEverythingAndAuditsWhatItWouldDeny() {
    TestClient client = client(true);

    assertThat(listed(client)).containsExactly("admin_reset", "delete_order", "get_order", "refund");
    JsonNode result = client.callTool("admin_reset", "{}");

    assertThat(result.path("isError").asBoolean(false)).isFalse();
    assertThat(audit.only("tools/call").gates())
        .filteredOn(gate -> gate.gate() == GateId.POLICY)
        .containsExactly(new GateOutcome(GateId.POLICY, true, "dry-run: would deny (no-admin-tools)"));
  }
}
