package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.core.limits.BucketStores;
import dev.mcpgate.core.limits.RateLimitDecision;
import dev.mcpgate.core.limits.RateLimiter;
import dev.mcpgate.core.limits.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's per-caller limits count exactly as the file's {@code limits.rate} (core's {@link
 * RateLimits}) does, and shared limits add one bucket for all callers.
 */
class StoreLimitsTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final List<CallerContext> CALLERS = List.of(
      CallerContext.builder().clientId("acme").environment("production").build(),
      CallerContext.builder().clientId("acme").environment("sandbox").build(),
      CallerContext.builder().clientId("other").environment("production").build(),
      CallerContext.builder().subject("alice").build(),
      CallerContext.anonymous());
  private static final List<ToolDefinition> TOOLS = List.of(
      ToolDefinition.builder("addPet").build(), ToolDefinition.builder("listPets").build());

  /** Allowed or limited, call by call, for every caller calling every tool a few times. */
  private static List<String> outcomes(RateLimiter limiter) {
    List<String> out = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (CallerContext caller : CALLERS) {
        for (ToolDefinition tool : TOOLS) {
          RateLimitDecision decision = limiter.acquire(caller, tool);
          out.add(decision instanceof RateLimitDecision.Allowed allowed
              ? "allowed " + allowed.remaining() : "limited");
        }
      }
    }
    return out;
  }

  @Test
  void eachCallerLimitsCountAsTheFilesPerClientAndPerToolLimits() {
    RateLimiter file = RateLimits.builder().perClient(5, HOUR).perTool("addPet", 2, HOUR)
        .build();
    StoreLimits store = new StoreLimits(List.of(
        new LimitDefinition("limits.rate.perClient", LimitDefinition.Scope.EACH_CALLER, "*", 5,
            HOUR),
        new LimitDefinition("limits.rate.perTool.addPet",
            LimitDefinition.Scope.EACH_CALLER_TOOL, "addPet", 2, HOUR)),
        BucketStores.inMemory());

    List<String> expected = outcomes(file);

    assertThat(outcomes(store)).isEqualTo(expected);
    assertThat(expected).contains("limited").contains("allowed 0");
  }

  @Test
  void aRefusalGivesBackTheTokensAlreadyTaken() {
    StoreLimits limits = new StoreLimits(List.of(
        new LimitDefinition("each", LimitDefinition.Scope.EACH_CALLER, "*", 2, HOUR),
        new LimitDefinition("shared", LimitDefinition.Scope.TOOL, "addPet", 1, HOUR)),
        BucketStores.inMemory());
    CallerContext acme = CALLERS.get(0);

    assertThat(limits.acquire(acme, TOOLS.get(0))).isInstanceOf(RateLimitDecision.Allowed.class);
    RateLimitDecision refused = limits.acquire(CALLERS.get(2), TOOLS.get(0));
    assertThat(refused).isInstanceOfSatisfying(RateLimitDecision.Limited.class,
        limited -> assertThat(limited.limit()).startsWith("limit shared: tool addPet"));
    // The shared bucket refused: the other caller's own token came back, both are left.
    assertThat(limits.acquire(CALLERS.get(2), TOOLS.get(1)))
        .isEqualTo(new RateLimitDecision.Allowed(1));
    assertThat(limits.acquire(CALLERS.get(2), TOOLS.get(1)))
        .isEqualTo(new RateLimitDecision.Allowed(0));
  }
}
