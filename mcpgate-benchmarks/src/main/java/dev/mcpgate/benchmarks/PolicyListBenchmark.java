package dev.mcpgate.benchmarks;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link RulePolicyEngine} of 200 rules over the 5,000-tool catalog of {@link SampleTools}:
 *
 * <ul>
 *   <li>{@code firstPage}: one {@code tools/list} page (100 tools) through the gateway. The
 *       caller sees only the tools of the two resources that sort last ({@code tickets},
 *       {@code users}), minus the deletes, so the page walks 4,000 hidden tools before it
 *       fills: close to the worst case for a page. Goal: ≤ 2 ms p99.
 *   <li>{@code everyToolListed}: the policy alone, one listing decision for each of the 5,000
 *       tools, the cost of a whole catalog.
 *   <li>{@code listingDecision} and {@code callDecision}: one decision, a listing and a call
 *       with an argument condition ({@code amount <= 500}). Goal: around a microsecond or less.
 * </ul>
 *
 * <p>The rules mix every index dimension: 60 by tag (tenant × resource, with a scope), 50 by
 * exact name (per client), 40 by name glob with a prefix, 20 by source, 20 with argument
 * conditions, and 10 that no index narrows (evaluated for every tool).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PolicyListBenchmark {

  private static final int CATALOG_SIZE = 5_000;
  private static final int RULES = 200;
  private static final String[] RESOURCES = {
    "customers", "orders", "invoices", "products", "shipments",
    "tickets", "users", "accounts", "payments", "subscriptions"
  };
  private static final String[] VERBS = {"list", "get", "create", "update", "delete", "search"};

  /**
   * {@code rules}: the 200-rule {@link RulePolicyEngine}; {@code lambda}: a hand-written policy
   * that shows the caller exactly the same tools, the baseline for the engine's overhead.
   */
  @Param({"rules", "lambda"})
  public String engine;

  private PolicyEngine policy;
  private List<ToolDefinition> tools;
  private McpGateway gateway;
  private McpSession session;
  private CallerContext caller;
  private byte[] firstPage;
  private PolicyRequest listingRequest;
  private PolicyRequest callRequest;

  /** The 200 rules. */
  static List<PolicyRule> rules() {
    List<PolicyRule> rules = new ArrayList<>();
    // 60 by tag: six tenants may read one resource each with that resource's scope.
    for (int tenant = 0; tenant < 6; tenant++) {
      for (String resource : RESOURCES) {
        rules.add(
            PolicyRule.allow("tenant-" + tenant + "-" + resource)
                .tenants("tenant-" + tenant)
                .anyScope(resource + ":read")
                .tags(resource)
                .build());
      }
    }
    // 50 by exact name: single tools granted to single clients.
    for (int i = 0; i < 50; i++) {
      rules.add(
          PolicyRule.allow("client-grant-" + i)
              .clientIds("client-" + (100 + i))
              .tools(String.format("%s_get_%04d", RESOURCES[i % 10], 10 + i * 97 % 50))
              .build());
    }
    // 40 by name glob with a prefix: deletes denied in production, some verbs for operators.
    for (String resource : RESOURCES) {
      rules.add(
          PolicyRule.deny("no-prod-delete-" + resource)
              .environments("production")
              .tools(resource + "_delete_*")
              .build());
      rules.add(
          PolicyRule.allow("ops-update-" + resource)
              .anyScope("ops")
              .tools(resource + "_update_*")
              .build());
      rules.add(
          PolicyRule.deny("no-internal-create-" + resource)
              .surfaces("rest")
              .tools(resource + "_create_*")
              .tags(SampleTools.INTERNAL)
              .build());
      rules.add(
          PolicyRule.allow("search-" + resource)
              .allScopes(resource + ":read", "search")
              .tools(resource + "_search_*")
              .build());
    }
    // 20 by source.
    for (int i = 0; i < 20; i++) {
      rules.add(
          i % 2 == 0
              ? PolicyRule.allow("partner-" + i).clientIds("partner-" + i).sources("example-api")
                  .build()
              : PolicyRule.deny("suspended-" + i).clientIds("suspended-" + i)
                  .sources("example-api").build());
    }
    // 20 with argument conditions.
    for (int i = 0; i < 20; i++) {
      String resource = RESOURCES[i % 10];
      rules.add(
          i < 10
              ? PolicyRule.allow("small-" + resource + "-" + i)
                  .tenants(resource.equals("users") ? "tenant-3" : "tenant-9")
                  .tools(resource + "_create_*")
                  .argument(ArgumentCondition.atMost("amount", 500))
                  .build()
              : PolicyRule.deny("archived-" + resource + "-" + i)
                  .tools(resource + "_update_*")
                  .argument(ArgumentCondition.equalTo("status", "archived"))
                  .build());
    }
    // 10 that no index narrows.
    for (int i = 0; i < 5; i++) {
      rules.add(PolicyRule.deny("blocked-" + i).clientIds("blocked-" + i).build());
      rules.add(PolicyRule.allow("superadmin-" + i).anyScope("superadmin-" + i).build());
    }
    if (rules.size() != RULES) {
      throw new IllegalStateException(rules.size() + " rules");
    }
    return rules;
  }

  /** Builds the policy, the catalog and the gateway; checks what the caller sees. */
  @Setup(Level.Trial)
  public void setUp() {
    policy = engine.equals("rules") ? RulePolicyEngine.of(rules()) : sameVisibility();
    tools = SampleTools.apiTools(CATALOG_SIZE);
    McpGateway.Builder builder = McpGateway.builder().policy(policy);
    SampleTools.addApiTools(builder, CATALOG_SIZE);
    gateway = builder.build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller =
        CallerContext.builder()
            .tenant("tenant-3")
            .environment("production")
            .clientId("client-7")
            .scopes(List.of("tickets:read", "users:read"))
            .authMethod("jwt")
            .build();
    firstPage =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}"
            .getBytes(StandardCharsets.UTF_8);

    int visible = 0;
    for (ToolDefinition tool : tools) {
      if (policy.decide(PolicyRequest.forListing(caller, tool)).allowed()) {
        visible++;
      }
    }
    // tickets and users: 1,000 tools, less their deletes (denied in production).
    if (visible != 1000 - 2 * (CATALOG_SIZE / 60)) {
      throw new IllegalStateException("the caller sees " + visible + " tools");
    }
    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(firstPage), sink);
    JsonNode response = JsonMapper.shared().readTree(sink.responseText());
    if (response.at("/result/tools").size() != 100) {
      throw new IllegalStateException("the first page is not full: " + response);
    }
    ToolDefinition create = find("users_create_");
    listingRequest = PolicyRequest.forListing(caller, find("tickets_get_"));
    callRequest = new PolicyRequest(caller, create, Map.of("amount", 250, "currency", "EUR"));
    if (!policy.decide(callRequest).allowed() || !policy.decide(listingRequest).allowed()) {
      throw new IllegalStateException("the measured decisions should allow");
    }
  }

  /** What the rules show the benchmark's caller, written by hand. */
  private static PolicyEngine sameVisibility() {
    PolicyDecision allow = PolicyDecision.allow("lambda");
    PolicyDecision deny = PolicyDecision.deny("lambda");
    return request -> {
      ToolDefinition tool = request.tool();
      boolean resource = tool.tags().contains("tickets") || tool.tags().contains("users");
      return resource && !tool.name().contains("_delete_") ? allow : deny;
    };
  }

  private ToolDefinition find(String prefix) {
    for (ToolDefinition tool : tools) {
      if (tool.name().startsWith(prefix)) {
        return tool;
      }
    }
    throw new IllegalStateException("no tool " + prefix);
  }

  /**
   * One tools/list page through the gateway.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void firstPage(Blackhole blackhole) {
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(firstPage), new BlackholeSink(blackhole));
  }

  /**
   * A listing decision for every tool of the catalog, the policy alone.
   *
   * @param blackhole consumes the decisions
   */
  @Benchmark
  public void everyToolListed(Blackhole blackhole) {
    for (ToolDefinition tool : tools) {
      blackhole.consume(policy.decide(PolicyRequest.forListing(caller, tool)));
    }
  }

  /**
   * The policy alone as a listing asks it: one view of the caller ({@link
   * PolicyEngine#visibleTo}), then an answer for each of the 5,000 tools.
   *
   * @param blackhole consumes the answers
   */
  @Benchmark
  public void everyToolVisible(Blackhole blackhole) {
    Predicate<ToolDefinition> visible = policy.visibleTo(caller);
    for (ToolDefinition tool : tools) {
      blackhole.consume(visible.test(tool));
    }
  }

  /**
   * One listing decision.
   *
   * @return the decision
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public PolicyDecision listingDecision() {
    return policy.decide(listingRequest);
  }

  /**
   * One call decision with an argument condition.
   *
   * @return the decision
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public @Nullable PolicyDecision callDecision() {
    return policy.decide(callRequest);
  }
}
