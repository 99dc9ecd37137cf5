package dev.mcpgate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One engine, shared by many threads, decides as it does on one. */
class ThreadSafetyTest {

  @Test
  void concurrentDecisionsEqualSequentialOnes() throws Exception {
    RandomPolicies random = new RandomPolicies(42);
    RulePolicyEngine engine = RulePolicyEngine.of(random.rules(100, true));
    List<PolicyRequest> requests = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      CallerContext caller = random.caller();
      ToolDefinition tool = random.tool();
      requests.add(
          i % 2 == 0
              ? PolicyRequest.forListing(caller, tool)
              : new PolicyRequest(caller, tool, random.arguments()));
    }
    List<PolicyDecision> expected = requests.stream().map(engine::decide).toList();

    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<PolicyDecision>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<PolicyDecision> decisions = new ArrayList<>();
                  for (int round = 0; round < 20; round++) {
                    decisions.clear();
                    for (PolicyRequest request : requests) {
                      decisions.add(engine.decide(request));
                    }
                  }
                  return decisions;
                }));
      }
      start.countDown();
      for (Future<List<PolicyDecision>> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theRulesCannotBeChangedAfterBuilding() {
    List<PolicyRule> rules = new ArrayList<>(List.of(PolicyRule.allow("a").build()));
    RulePolicyEngine engine = RulePolicyEngine.of(rules);

    rules.add(PolicyRule.deny("b").build());

    assertThat(engine.rules()).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> engine.rules().add(PolicyRule.deny("c").build()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
