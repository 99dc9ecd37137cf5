package dev.mcpgate.core.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.testkit.contract.PolicyEngineContract;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * The rule engine honours the policy engine contract on generated policies, with and without
 * argument conditions, enforcing and in dry run; requests come from the same small vocabulary as
 * the policies ({@link RandomPolicies}), so that rules match often.
 */
class RulePolicyEngineContractTest extends PolicyEngineContract {

  @Override
  protected PolicyEngine engine(Random random) {
    RandomPolicies policies = new RandomPolicies(random.nextLong());
    return RulePolicyEngine.of(policies.rules(1 + random.nextInt(30), random.nextBoolean()));
  }

  @Override
  protected CallerContext caller(Random random) {
    return new RandomPolicies(random.nextLong()).caller();
  }

  @Override
  protected ToolDefinition tool(Random random) {
    return new RandomPolicies(random.nextLong()).tool();
  }

  @Override
  protected Map<String, @Nullable Object> arguments(Random random) {
    return new RandomPolicies(random.nextLong()).arguments();
  }

  @Nested
  class InDryRun extends PolicyEngineContract {
    @Override
    protected PolicyEngine engine(Random random) {
      RandomPolicies policies = new RandomPolicies(random.nextLong());
      return RulePolicyEngine.builder()
          .rules(policies.rules(1 + random.nextInt(30), random.nextBoolean()))
          .dryRun(true)
          .build();
    }

    @Override
    protected CallerContext caller(Random random) {
      return RulePolicyEngineContractTest.this.caller(random);
    }

    @Override
    protected ToolDefinition tool(Random random) {
      return RulePolicyEngineContractTest.this.tool(random);
    }
  }
}
