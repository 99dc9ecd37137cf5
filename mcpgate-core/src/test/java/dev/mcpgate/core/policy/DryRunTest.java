package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.call;
import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.listing;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dry run: never deny, record what would have been denied. */
class DryRunTest {

  private final CallerContext caller = caller().build();

  private RulePolicyEngine.Builder rules() {
    return RulePolicyEngine.builder()
        .rule(PolicyRule.deny("no-deletes").tools("delete_*"))
        .rule(PolicyRule.allow("reads").tools("get_*"))
        .rule(
            PolicyRule.allow("small-transfers")
                .tools("transfer")
                .argument(ArgumentCondition.atMost("amount", 1000)));
  }

  @Test
  void aWouldBeDenialByARuleIsAllowedAndNamesTheRule() {
    RulePolicyEngine engine = rules().dryRun(true).build();

    assertThat(listing(engine, caller, tool("delete_order")))
        .isEqualTo(PolicyDecision.allow("dry-run: would deny (no-deletes)"));
  }

  @Test
  void aWouldBeDefaultDenialIsAllowed() {
    RulePolicyEngine engine = rules().dryRun(true).build();

    assertThat(listing(engine, caller, tool("unlisted")))
        .isEqualTo(PolicyDecision.allow("dry-run: would deny (default deny)"));
    assertThat(call(engine, caller, tool("transfer"), Map.of("amount", 5000)))
        .isEqualTo(PolicyDecision.allow("dry-run: would deny (default deny)"));
  }

  @Test
  void anAllowIsTheSameAsWhenEnforcing() {
    RulePolicyEngine dryRun = rules().dryRun(true).build();
    RulePolicyEngine enforcing = rules().build();

    assertThat(listing(dryRun, caller, tool("get_order")))
        .isEqualTo(listing(enforcing, caller, tool("get_order")))
        .isEqualTo(PolicyDecision.allow("allowed by rule reads"));
  }

  @Test
  void enforcingTheSameRulesDenies() {
    RulePolicyEngine enforcing = rules().build();

    assertThat(listing(enforcing, caller, tool("delete_order")))
        .isEqualTo(PolicyDecision.deny("denied by rule no-deletes"));
  }

  @Test
  void theEngineSaysItIsADryRun() {
    RulePolicyEngine engine = rules().dryRun(true).build();

    assertThat(engine.dryRun()).isTrue();
    assertThat(engine.toString()).contains("dry run");
  }
}
