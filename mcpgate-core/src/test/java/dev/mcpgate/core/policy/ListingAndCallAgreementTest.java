package dev.mcpgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Properties over generated policies, tools, callers and arguments: discovery and execution
 * agree, and the compiled, indexed engine decides exactly as the documented semantics.
 */
class ListingAndCallAgreementTest {

  private static final int POLICIES = 150;
  private static final int REQUESTS = 200;

  @Test
  void withoutArgumentConditionsTheListingDecisionIsTheCallDecisionForAnyArguments() {
    for (long seed = 0; seed < POLICIES; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      RulePolicyEngine engine = RulePolicyEngine.of(random.rules(1 + (int) (seed % 30), false));
      for (int i = 0; i < REQUESTS; i++) {
        CallerContext caller = random.caller();
        ToolDefinition tool = random.tool();
        Map<String, @Nullable Object> arguments = random.arguments();

        PolicyDecision listing = engine.decide(PolicyRequest.forListing(caller, tool));
        PolicyDecision call = engine.decide(new PolicyRequest(caller, tool, arguments));

        assertThat(call).as("seed %d, %s, %s", seed, caller, tool).isEqualTo(listing);
      }
    }
  }

  @Test
  void withArgumentConditionsACallIsAllowedOnlyWhenTheListingIs() {
    for (long seed = 0; seed < POLICIES; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      RulePolicyEngine engine = RulePolicyEngine.of(random.rules(1 + (int) (seed % 30), true));
      for (int i = 0; i < REQUESTS; i++) {
        CallerContext caller = random.caller();
        ToolDefinition tool = random.tool();

        boolean listed = engine.decide(PolicyRequest.forListing(caller, tool)).allowed();
        boolean called =
            engine.decide(new PolicyRequest(caller, tool, random.arguments())).allowed();

        if (called) {
          assertThat(listed).as("seed %d: a callable tool is listed", seed).isTrue();
        }
      }
    }
  }

  @Test
  void theIndexedEngineDecidesAsTheDocumentedSemantics() {
    int allowed = 0;
    int denied = 0;
    for (long seed = 0; seed < POLICIES; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      List<PolicyRule> rules = random.rules(1 + (int) (seed % 40), true);
      RulePolicyEngine engine = RulePolicyEngine.of(rules);
      for (int i = 0; i < REQUESTS; i++) {
        CallerContext caller = random.caller();
        ToolDefinition tool = random.tool();
        PolicyRequest listing = PolicyRequest.forListing(caller, tool);
        PolicyRequest call = new PolicyRequest(caller, tool, random.arguments());

        assertThat(engine.decide(listing))
            .as("seed %d listing", seed)
            .isEqualTo(RandomPolicies.referenceDecision(rules, listing));
        assertThat(engine.decide(call))
            .as("seed %d call", seed)
            .isEqualTo(RandomPolicies.referenceDecision(rules, call));
        assertThat(engine.decide(call).allowed())
            .isEqualTo(RandomPolicies.referenceAllows(rules, call));
        if (engine.decide(listing).allowed()) {
          allowed++;
        } else {
          denied++;
        }
      }
    }
    assertThat(allowed).as("the generated cases allow often enough to mean something")
        .isGreaterThan(POLICIES * REQUESTS / 10);
    assertThat(denied).isGreaterThan(POLICIES * REQUESTS / 10);
  }

  @Test
  void oneCallerAskingAboutManyToolsGetsTheDocumentedDecisions() {
    // The engine memoizes the caller side per caller: a listing is one caller, many tools.
    for (long seed = 0; seed < 100; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      List<PolicyRule> rules = random.rules(1 + (int) (seed % 40), true);
      RulePolicyEngine engine = RulePolicyEngine.of(rules);
      for (int listing = 0; listing < 10; listing++) {
        CallerContext caller = random.caller();
        for (int i = 0; i < 50; i++) {
          ToolDefinition tool = random.tool();
          PolicyRequest request =
              i % 3 == 0
                  ? new PolicyRequest(caller, tool, random.arguments())
                  : PolicyRequest.forListing(caller, tool);

          assertThat(engine.decide(request))
              .as("seed %d", seed)
              .isEqualTo(RandomPolicies.referenceDecision(rules, request));
        }
      }
    }
  }

  @Test
  void aListingShowsExactlyTheToolsItsDecisionsAllow() {
    // visibleTo prepares one caller's view of the index and skips what cannot match: it must
    // still answer each tool exactly as decide() and the documented semantics do.
    int shown = 0;
    int hidden = 0;
    for (long seed = 0; seed < POLICIES; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      List<PolicyRule> rules = random.rules(1 + (int) (seed % 40), seed % 2 == 0);
      boolean dryRun = seed % 5 == 0;
      RulePolicyEngine engine = RulePolicyEngine.builder().rules(rules).dryRun(dryRun).build();
      for (int listing = 0; listing < 10; listing++) {
        CallerContext caller = random.caller();
        Predicate<ToolDefinition> visible = engine.visibleTo(caller);
        for (int i = 0; i < 40; i++) {
          ToolDefinition tool = random.tool();
          PolicyRequest request = PolicyRequest.forListing(caller, tool);
          boolean listed = visible.test(tool);

          assertThat(listed)
              .as("seed %d, %s, %s", seed, caller, tool)
              .isEqualTo(engine.decide(request).allowed());
          if (!dryRun) {
            assertThat(listed).isEqualTo(RandomPolicies.referenceAllows(rules, request));
          }
          if (listed) {
            shown++;
          } else {
            hidden++;
          }
        }
      }
    }
    assertThat(shown).as("the generated listings show tools").isGreaterThan(1000);
    assertThat(hidden).as("and hide some").isGreaterThan(1000);
  }

  @Test
  void explanationsAgreeWithDecisions() {
    for (long seed = 0; seed < 50; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      List<PolicyRule> rules = random.rules(1 + (int) (seed % 40), true);
      RulePolicyEngine engine = RulePolicyEngine.of(rules);
      for (int i = 0; i < 100; i++) {
        CallerContext caller = random.caller();
        ToolDefinition tool = random.tool();
        PolicyRequest call = new PolicyRequest(caller, tool, random.arguments());

        ToolExplanation explained = engine.explain(call);

        assertThat(explained.decision()).isEqualTo(engine.decide(call));
        if (!explained.decidingRules().isEmpty()) {
          assertThat(explained.decision().reason())
              .endsWith("by rule " + explained.decidingRules().get(0));
        }
      }
    }
  }
}
