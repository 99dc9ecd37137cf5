package dev.mcpgate.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.Consumption;
import dev.mcpgate.api.Quota;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final ToolDefinition SEARCH = ToolDefinition.builder("search").build();
  private static final ToolDefinition ORDER = ToolDefinition.builder("order").build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final BucketStore store = BucketStores.inMemory(1_000, clock);

  private static CallerContext client(String clientId, String environment) {
    return CallerContext.builder()
        .clientId(clientId)
        .subject("someone")
        .environment(environment)
        .authMethod("jwt")
        .tokenId("jti-1")
        .build();
  }

  private static final CallerContext PARTNER_A = client("partner-a", "sandbox");

  private RateLimits.Builder limits() {
    return RateLimits.builder().store(store);
  }

  private static List<RateLimitDecision> acquire(
      RateLimiter limiter, CallerContext caller, ToolDefinition tool, int times) {
    List<RateLimitDecision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(limiter.acquire(caller, tool));
    }
    return decisions;
  }

  @Test
  void theDefaultStoreRefillsAsTheLimitersTickerIsStepped() {
    AtomicLong nanos = new AtomicLong(42);
    RateLimits limits = RateLimits.builder().ticker(nanos::get).perClient(3, MINUTE).build();
    acquire(limits, PARTNER_A, SEARCH, 3);
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isFalse();

    nanos.addAndGet(Duration.ofSeconds(19).toNanos());
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).as("one token takes 20 s").isFalse();
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(limits.acquire(PARTNER_A, SEARCH)).isEqualTo(new RateLimitDecision.Allowed(0));
  }

  @Test
  void aLimitedCallerIsToldWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(new RateLimitDecision.Limited(Duration.ofMillis(1), "l").retryAfterSeconds())
        .isEqualTo(1);
    assertThat(new RateLimitDecision.Limited(Duration.ofMillis(20_001), "l").retryAfterSeconds())
        .isEqualTo(21);
    assertThat(new RateLimitDecision.Limited(Duration.ofSeconds(20), "l").retryAfterSeconds())
        .isEqualTo(20);
  }

  @Test
  void aClientGetsItsCapacityThenIsLimitedWithARetryAfter() {
    RateLimits limits = limits().perClient(3, MINUTE).build();

    assertThat(acquire(limits, PARTNER_A, SEARCH, 3))
        .containsExactly(
            new RateLimitDecision.Allowed(2),
            new RateLimitDecision.Allowed(1),
            new RateLimitDecision.Allowed(0));
    RateLimitDecision refused = limits.acquire(PARTNER_A, SEARCH);

    assertThat(refused.allowed()).isFalse();
    RateLimitDecision.Limited limited = (RateLimitDecision.Limited) refused;
    assertThat(limited.limit()).isEqualTo("client partner-a/sandbox: 3 per 1m");
    // one token comes back every 20 seconds
    assertThat(limited.retryAfter()).isPositive().isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void theLimitNamesNoCredential() {
    RateLimits limits = limits().perClient(1, MINUTE).build();
    acquire(limits, PARTNER_A, SEARCH, 1);
    assertThat(((RateLimitDecision.Limited) limits.acquire(PARTNER_A, SEARCH)).limit())
        .doesNotContain("jti-1")
        .doesNotContain("someone");
  }

  @Test
  void tokensComeBackAsTimePasses() {
    RateLimits limits = limits().perClient(3, MINUTE).build();
    acquire(limits, PARTNER_A, SEARCH, 3);
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isFalse();

    clock.advance(Duration.ofSeconds(20));
    assertThat(limits.acquire(PARTNER_A, SEARCH)).isEqualTo(new RateLimitDecision.Allowed(0));
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isFalse();

    clock.advance(MINUTE);
    assertThat(acquire(limits, PARTNER_A, SEARCH, 4))
        .extracting(RateLimitDecision::allowed)
        .containsExactly(true, true, true, false);
  }

  @Test
  void eachClientAndEachEnvironmentHasItsOwnBucket() {
    RateLimits limits = limits().perClient(1, MINUTE).build();

    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isFalse();
    assertThat(limits.acquire(client("partner-a", "production"), SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(client("partner-b", "sandbox"), SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(client("partner-a", null), SEARCH).allowed()).isTrue();
  }

  @Test
  void aCallerWithoutClientIdIsKnownByItsSubjectThenAsAnonymous() {
    RateLimits limits = limits().perClient(1, MINUTE).build();
    CallerContext bob = CallerContext.builder().subject("bob").environment("sandbox").build();

    acquire(limits, bob, SEARCH, 1);
    acquire(limits, CallerContext.anonymous(), SEARCH, 1);

    assertThat(((RateLimitDecision.Limited) limits.acquire(bob, SEARCH)).limit())
        .isEqualTo("subject bob/sandbox: 1 per 1m");
    assertThat(
            ((RateLimitDecision.Limited) limits.acquire(CallerContext.anonymous(), SEARCH)).limit())
        .isEqualTo("anonymous: 1 per 1m");
    assertThat(limits.acquire(client("bob", "sandbox"), SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(client("anonymous", null), SEARCH).allowed()).isTrue();
  }

  @Test
  void idsCannotImpersonateAnotherCallersKey() {
    RateLimits limits = limits().perClient(1, MINUTE).build();
    acquire(limits, client("a", "b"), SEARCH, 1);

    assertThat(limits.acquire(client("a/b", null), SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(client("a tool search", null), SEARCH).allowed()).isTrue();
    assertThat(limits.acquire(client("a/b", "x\ny%"), SEARCH).allowed()).isTrue();
    assertThat(((RateLimitDecision.Limited) limits.acquire(client("a/b", "x\ny%"), SEARCH)).limit())
        .isEqualTo("client a%2Fb/x%0Ay%25: 1 per 1m");
  }

  @Test
  void aToolLimitIsSeparateFromOtherTools() {
    RateLimits limits = limits().perTool("search", 2, MINUTE).build();

    assertThat(acquire(limits, PARTNER_A, SEARCH, 3))
        .extracting(RateLimitDecision::allowed)
        .containsExactly(true, true, false);
    assertThat(((RateLimitDecision.Limited) limits.acquire(PARTNER_A, SEARCH)).limit())
        .isEqualTo("client partner-a/sandbox tool search: 2 per 1m");
    assertThat(acquire(limits, PARTNER_A, ORDER, 100))
        .allMatch(decision -> decision.equals(new RateLimitDecision.Allowed(Long.MAX_VALUE)));
    assertThat(limits.acquire(client("partner-b", "sandbox"), SEARCH).allowed()).isTrue();
  }

  @Test
  void aCallMustPassTheClientAndTheToolLimit() {
    RateLimits limits = limits().perClient(3, MINUTE).perTool("search", 5, MINUTE).build();

    assertThat(limits.acquire(PARTNER_A, SEARCH)).isEqualTo(new RateLimitDecision.Allowed(2));
    assertThat(acquire(limits, PARTNER_A, SEARCH, 3))
        .extracting(RateLimitDecision::allowed)
        .containsExactly(true, true, false);
  }

  @Test
  void aCallRefusedByTheToolLimitCostsNoClientToken() {
    RateLimits limits = limits().perClient(3, MINUTE).perTool("search", 1, MINUTE).build();

    assertThat(limits.acquire(PARTNER_A, SEARCH)).isEqualTo(new RateLimitDecision.Allowed(0));
    assertThat(acquire(limits, PARTNER_A, SEARCH, 5)).noneMatch(RateLimitDecision::allowed);

    assertThat(acquire(limits, PARTNER_A, ORDER, 3))
        .containsExactly(
            new RateLimitDecision.Allowed(1),
            new RateLimitDecision.Allowed(0),
            new RateLimitDecision.Limited(
                Duration.ofSeconds(20), "client partner-a/sandbox: 3 per 1m"));
  }

  @Test
  void unlimitedAllowsEverything() {
    RateLimiter unlimited = RateLimiter.unlimited();
    assertThat(acquire(unlimited, PARTNER_A, SEARCH, 10_000))
        .allMatch(decision -> decision.equals(new RateLimitDecision.Allowed(Long.MAX_VALUE)));
    assertThat(acquire(limits().build(), PARTNER_A, SEARCH, 10_000))
        .allMatch(RateLimitDecision::allowed);
  }

  /** Runs {@code threads} callers at once, each acquiring {@code callsEach} times. */
  private static int allowedConcurrently(
      RateLimiter limiter, ToolDefinition tool, int threads, int callsEach) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> allowed = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        allowed.add(
            pool.submit(
                () -> {
                  start.await();
                  int count = 0;
                  for (int i = 0; i < callsEach; i++) {
                    count += limiter.acquire(PARTNER_A, tool).allowed() ? 1 : 0;
                  }
                  return count;
                }));
      }
      start.countDown();
      int all = 0;
      for (Future<Integer> count : allowed) {
        all += count.get();
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentCallersNeverGetMoreThanTheCapacity() throws Exception {
    RateLimits limits = limits().perClient(1_000, MINUTE).build();

    assertThat(allowedConcurrently(limits, SEARCH, 8, 500)).isEqualTo(1_000);
    assertThat(limits.acquire(PARTNER_A, SEARCH).allowed()).isFalse();
  }

  @Test
  void concurrentRefusalsByAToolLimitGiveEveryClientTokenBack() throws Exception {
    RateLimits limits = limits().perClient(10_000, MINUTE).perTool("search", 300, MINUTE).build();

    assertThat(allowedConcurrently(limits, SEARCH, 8, 500)).isEqualTo(300);
    assertThat(limits.acquire(PARTNER_A, ORDER))
        .isEqualTo(new RateLimitDecision.Allowed(10_000 - 300 - 1));
  }

  @Test
  void theConfigurationIsReadable() {
    RateLimits limits =
        limits().perClient(100, MINUTE).perTool("search", 5, Duration.ofSeconds(1)).build();
    assertThat(limits.perClient()).contains(new Quota(100, MINUTE));
    assertThat(limits.perTool())
        .containsExactly(entry("search", new Quota(5, Duration.ofSeconds(1))));
    assertThat(limits.store()).isSameAs(store);
    assertThat(limits().build().perClient()).isEmpty();
  }

  @Test
  void badLimitsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> RateLimits.builder().perClient(0, MINUTE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perClient: capacity must be at least 1 call, was 0");
    assertThatThrownBy(() -> RateLimits.builder().perClient(1, Duration.ZERO).build())
        .hasMessage("perClient: period must be positive and at most 366 days, was PT0S");
    assertThatThrownBy(() -> RateLimits.builder().perClient(1, Duration.ofDays(367)).build())
        .hasMessage("perClient: period must be positive and at most 366 days, was PT8808H");
    assertThatThrownBy(() -> RateLimits.builder().perTool("search", -1, MINUTE).build())
        .hasMessage("perTool(search): capacity must be at least 1 call, was -1");
    assertThatThrownBy(() -> RateLimits.builder().perClient(1_001, Duration.ofNanos(1_000)).build())
        .hasMessage(
            "perClient: capacity 1001 per PT0.000001S refills faster than one per nanosecond");
    assertThatThrownBy(() -> RateLimits.builder().perTool(" ", 1, MINUTE).build())
        .hasMessage("perTool needs a tool name, was blank");
    assertThatThrownBy(
            () ->
                RateLimits.builder()
                    .perTool("search", 1, MINUTE)
                    .perTool("search", 2, MINUTE)
                    .build())
        .hasMessage("perTool(search) is given twice; give each tool one limit");
  }

  @Test
  void quotasReadAsWords() {
    assertThat(new Quota(100, MINUTE)).hasToString("100 per 1m");
    assertThat(new Quota(5, Duration.ofSeconds(1))).hasToString("5 per 1s");
    assertThat(new Quota(5, Duration.ofSeconds(90))).hasToString("5 per 90s");
    assertThat(new Quota(5, Duration.ofHours(2))).hasToString("5 per 2h");
    assertThat(new Quota(5, Duration.ofDays(1))).hasToString("5 per 1d");
    assertThat(new Quota(5, Duration.ofMillis(250))).hasToString("5 per 250ms");
    assertThat(new Quota(5, Duration.ofNanos(1_500))).hasToString("5 per PT0.0000015S");
  }

  @Test
  void decisionsValidateTheirFields() {
    assertThatThrownBy(() -> new RateLimitDecision.Allowed(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitDecision.Limited(Duration.ZERO, "client a: 1 per 1s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitDecision.Limited(Duration.ofSeconds(1), " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Consumption.refused(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
