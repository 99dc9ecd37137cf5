package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.apiTool;
import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.listing;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.ToolExplanation.ConditionTrace;
import dev.mcpgate.core.policy.ToolExplanation.Outcome;
import dev.mcpgate.core.policy.ToolExplanation.RuleTrace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explain: which tools a caller sees, and why a tool is hidden. */
class ExplainTest {

  private final RulePolicyEngine engine =
      RulePolicyEngine.builder()
          .rule(
              PolicyRule.allow("support-reads")
                  .description("support may read orders")
                  .anyScope("support")
                  .tools("get_*"))
          .rule(PolicyRule.deny("no-prod-deletes").environments("production").httpMethods("DELETE"))
          .rule(PolicyRule.allow("acme-orders").tenants("acme").tags("orders"))
          .rule(
              PolicyRule.allow("small-refunds")
                  .tools("refund")
                  .argument(ArgumentCondition.atMost("amount", 100)))
          .build();

  private final CallerContext support =
      caller().tenant("globex").environment("production").scopes(List.of("support")).build();

  private final List<ToolDefinition> tools =
      List.of(
          apiTool("get_order", "api", "GET", "orders"),
          apiTool("delete_order", "api", "DELETE", "orders"),
          tool("refund"),
          tool("unrelated"));

  @Test
  void listsTheVisibleAndTheHiddenTools() {
    PolicyExplanation explanation = engine.explain(support, tools);

    assertThat(explanation.visible()).containsExactly("get_order", "refund");
    assertThat(explanation.hidden()).containsExactly("delete_order", "unrelated");
  }

  @Test
  void everyExplanationCarriesTheDecisionThatDecideReturns() {
    for (CallerContext caller :
        List.of(support, caller().tenant("acme").build(), CallerContext.anonymous())) {
      for (ToolExplanation explained : engine.explain(caller, tools).tools()) {
        ToolDefinition tool =
            tools.stream().filter(t -> t.name().equals(explained.tool())).findFirst().orElseThrow();
        assertThat(explained.decision()).isEqualTo(listing(engine, caller, tool));
        assertThat(explained.call()).isFalse();
      }
    }
  }

  @Test
  void aToolHiddenByADenyNamesTheRuleAndItsConditions() {
    ToolExplanation deleteOrder = engine.explain(support, tools).tool("delete_order").orElseThrow();

    assertThat(deleteOrder.visible()).isFalse();
    assertThat(deleteOrder.wouldDeny()).isTrue();
    assertThat(deleteOrder.decidingRules()).containsExactly("no-prod-deletes");
    RuleTrace deny = deleteOrder.rules().get(0);
    assertThat(deny.ruleId()).isEqualTo("no-prod-deletes");
    assertThat(deny.matched()).isTrue();
    assertThat(deny.conditions())
        .extracting(ConditionTrace::condition, ConditionTrace::outcome, ConditionTrace::actual)
        .containsExactly(
            tuple("environment in [production]", Outcome.MATCHED, "\"production\""),
            tuple("httpMethod in [DELETE]", Outcome.MATCHED, "\"DELETE\""));
  }

  @Test
  void aToolThatNoRuleAllowsShowsTheRulesThatTargetItAndWhichConditionFailed() {
    ToolExplanation deleteOrder =
        engine
            .explain(caller().tenant("globex").build(), tools)
            .tool("delete_order")
            .orElseThrow();

    assertThat(deleteOrder.decision().reason()).isEqualTo(RulePolicyEngine.DEFAULT_DENY_REASON);
    assertThat(deleteOrder.decidingRules()).isEmpty();
    assertThat(deleteOrder.rules())
        .extracting(RuleTrace::ruleId, RuleTrace::matched)
        .containsExactly(tuple("no-prod-deletes", false), tuple("acme-orders", false));
    assertThat(deleteOrder.rules().get(1).conditions())
        .filteredOn(condition -> condition.outcome() == Outcome.FAILED)
        .extracting(ConditionTrace::condition, ConditionTrace::actual)
        .containsExactly(tuple("tenant in [acme]", "\"globex\""));
  }

  @Test
  void rulesThatTargetOtherToolsAreLeftOut() {
    ToolExplanation unrelated = engine.explain(support, tools).tool("unrelated").orElseThrow();

    assertThat(unrelated.rules()).isEmpty();
    assertThat(unrelated.decision().reason()).isEqualTo(RulePolicyEngine.DEFAULT_DENY_REASON);
  }

  @Test
  void argumentConditionsAreNotEvaluatedForAListing() {
    ToolExplanation refund = engine.explain(support, tools).tool("refund").orElseThrow();

    assertThat(refund.visible()).isTrue();
    assertThat(refund.decidingRules()).containsExactly("small-refunds");
    assertThat(refund.rules().get(0).conditions())
        .extracting(ConditionTrace::condition, ConditionTrace::outcome)
        .containsExactly(
            tuple("name matches [refund]", Outcome.MATCHED),
            tuple("amount <= 100", Outcome.NOT_EVALUATED));
  }

  @Test
  void aCallIsExplainedWithItsArguments() {
    ToolExplanation refund =
        engine.explain(new PolicyRequest(support, tool("refund"), Map.of("amount", 500)));

    assertThat(refund.call()).isTrue();
    assertThat(refund.visible()).isFalse();
    assertThat(refund.rules().get(0).matched()).isFalse();
    assertThat(refund.rules().get(0).conditions())
        .extracting(ConditionTrace::condition, ConditionTrace::outcome, ConditionTrace::actual)
        .contains(tuple("amount <= 100", Outcome.FAILED, "500"));
  }

  @Test
  void aDryRunExplanationIsVisibleButSaysItWouldDeny() {
    RulePolicyEngine dryRun =
        RulePolicyEngine.builder().rules(engine.rules()).dryRun(true).build();

    ToolExplanation deleteOrder = dryRun.explain(support, tools).tool("delete_order").orElseThrow();

    assertThat(deleteOrder.visible()).isTrue();
    assertThat(deleteOrder.wouldDeny()).isTrue();
    assertThat(deleteOrder.decision().reason()).isEqualTo("dry-run: would deny (no-prod-deletes)");
  }

  @Test
  void hintsExplainTheirDefault() {
    RulePolicyEngine readOnly =
        RulePolicyEngine.builder().rule(PolicyRule.allow("reads").readOnly(true)).build();

    ToolExplanation explained =
        readOnly.explain(support, List.of(tool("silent"))).tool("silent").orElseThrow();

    assertThat(explained.rules()).isEmpty();
    RulePolicyEngine writes =
        RulePolicyEngine.builder().rule(PolicyRule.allow("writes").readOnly(false)).build();
    assertThat(
            writes.explain(support, List.of(tool("silent"))).tools().get(0).rules().get(0)
                .conditions())
        .extracting(ConditionTrace::actual)
        .containsExactly("false (unset, MCP default)");
  }
}
