package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.listing;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deny overrides, default deny, and which rule a decision names. */
class CombiningRuleTest {

  private final CallerContext caller = caller().tenant("acme").build();
  private final ToolDefinition tool = tool("delete_order");

  @Test
  void withoutRulesEverythingIsDenied() {
    RulePolicyEngine engine = RulePolicyEngine.builder().build();

    PolicyDecision decision = listing(engine, caller, tool);

    assertThat(decision).isEqualTo(PolicyDecision.deny("no rule allows: default deny"));
  }

  @Test
  void aToolNoRuleAllowsIsDenied() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder().rule(PolicyRule.allow("reads").tools("get_*")).build();

    assertThat(listing(engine, caller, tool).reason())
        .isEqualTo(RulePolicyEngine.DEFAULT_DENY_REASON);
    assertThat(listing(engine, caller, tool("get_order")).allowed()).isTrue();
  }

  @Test
  void aMatchingDenyWinsOverAMatchingAllowWhateverTheOrder() {
    PolicyRule allow = PolicyRule.allow("acme-all").tenants("acme").build();
    PolicyRule deny = PolicyRule.deny("no-deletes").tools("delete_*").build();

    PolicyDecision allowFirst = listing(RulePolicyEngine.of(List.of(allow, deny)), caller, tool);
    PolicyDecision denyFirst = listing(RulePolicyEngine.of(List.of(deny, allow)), caller, tool);

    assertThat(allowFirst).isEqualTo(PolicyDecision.deny("denied by rule no-deletes"));
    assertThat(denyFirst).isEqualTo(allowFirst);
  }

  @Test
  void aDenyThatDoesNotMatchLeavesTheAllow() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("acme-all").tenants("acme"))
            .rule(PolicyRule.deny("no-prod-deletes").tools("delete_*").environments("production"))
            .build();

    assertThat(listing(engine, caller, tool))
        .isEqualTo(PolicyDecision.allow("allowed by rule acme-all"));
  }

  @Test
  void theReasonNamesTheFirstMatchingRuleOfTheDecidingEffect() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("a1").tenants("acme"))
            .rule(PolicyRule.deny("d1").tags("nothing"))
            .rule(PolicyRule.allow("a2"))
            .rule(PolicyRule.deny("d2").tools("delete_order"))
            .rule(PolicyRule.deny("d3"))
            .build();

    assertThat(listing(engine, caller, tool).reason()).isEqualTo("denied by rule d2");
    RulePolicyEngine allowOnly =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("a1").tenants("globex"))
            .rule(PolicyRule.allow("a2").tools("delete_order"))
            .rule(PolicyRule.allow("a3"))
            .build();
    assertThat(listing(allowOnly, caller, tool).reason()).isEqualTo("allowed by rule a2");
  }

  @Test
  void ruleOrderNeverChangesWhetherARequestIsAllowed() {
    List<PolicyRule> rules = new ArrayList<>();
    rules.add(PolicyRule.allow("a").tenants("acme").build());
    rules.add(PolicyRule.deny("b").tools("delete_*").environments("production").build());
    rules.add(PolicyRule.allow("c").tools("get_*").build());
    rules.add(PolicyRule.deny("d").clientIds("blocked").build());
    List<CallerContext> callers =
        List.of(
            caller,
            caller().build(),
            caller().tenant("acme").environment("production").build(),
            caller().tenant("acme").clientId("blocked").build());
    List<ToolDefinition> tools = List.of(tool, tool("get_order"), tool("other"));

    for (int shuffle = 0; shuffle < 20; shuffle++) {
      List<PolicyRule> reordered = new ArrayList<>(rules);
      Collections.shuffle(reordered, new java.util.Random(shuffle));
      RulePolicyEngine original = RulePolicyEngine.of(rules);
      RulePolicyEngine shuffled = RulePolicyEngine.of(reordered);
      for (CallerContext c : callers) {
        for (ToolDefinition t : tools) {
          assertThat(listing(shuffled, c, t).allowed()).isEqualTo(listing(original, c, t).allowed());
        }
      }
    }
  }

  @Test
  void aCatchAllAllowAfterDenyRulesIsAnAllowListWithExceptions() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.deny("no-deletes").tools("delete_*"))
            .rule(PolicyRule.allow("everything-else"))
            .build();

    assertThat(listing(engine, caller, tool).allowed()).isFalse();
    assertThat(listing(engine, caller, tool("get_order")).reason())
        .isEqualTo("allowed by rule everything-else");
  }

  @Test
  void duplicateRuleIdsAreRejected() {
    assertThatThrownBy(
            () ->
                RulePolicyEngine.builder()
                    .rule(PolicyRule.allow("same"))
                    .rule(PolicyRule.deny("same"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'same'");
  }

  @Test
  void theEngineKeepsItsRulesInOrder() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.deny("first"))
            .rule(PolicyRule.allow("second"))
            .build();

    assertThat(engine.rules()).extracting(PolicyRule::id).containsExactly("first", "second");
    assertThat(engine.dryRun()).isFalse();
    assertThat(engine).hasToString("RulePolicyEngine[2 rules]");
  }
}
