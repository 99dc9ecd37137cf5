package dev.mcpgate.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PolicyEngine} honours, as tests an implementation's own test class
 * inherits: extend this class and say how to make an engine under a random policy.
 *
 * <pre>{@code
 * class MyPolicyEngineContractTest extends PolicyEngineContract {
 *   @Override
 *   protected PolicyEngine engine(Random random) {
 *     return MyPolicyEngine.of(myRandomRules(random)); // rules over the same small vocabulary
 *   }
 * }
 * }</pre>
 *
 * <p>For each of {@link #policies()} random policies, the kit asks about random callers, tools
 * and arguments and checks that
 * <ul>
 *   <li>the listing view, {@link PolicyEngine#visibleTo(CallerContext)}, agrees with {@code
 *       decide(PolicyRequest.forListing(caller, tool))} for every tool, one predicate serving a
 *       whole listing: discovery and execution never disagree;
 *   <li>a call is allowed only for a tool that is listed, whatever its arguments;
 *   <li>decisions are never null, never thrown, repeatable, and the same from many threads;
 *   <li>arguments of unexpected types (null, nested arrays, numbers for strings, long text) are
 *       decided, never thrown on.
 * </ul>
 *
 * <p>So that policies match often, random requests come from small vocabularies; override
 * {@link #caller(Random)}, {@link #tool(Random)} and {@link #arguments(Random)} to use the
 * vocabulary your random policies use. The default callers have a subject from {@code alice,
 * bob, carol}, a client from {@code c1, c2, c3}, scopes from {@code read, write, admin}, a tenant
 * from {@code acme, globex}, an environment from {@code sandbox, production} and a surface from
 * {@code mcp, rest}; the default tools are named from {@code get_order, list_orders,
 * delete_order, create_refund, x.y}, with source {@code orders-api} or {@code billing-api}, tags
 * from {@code orders, billing, internal} and random annotations. A failure names the policy's
 * seed.
 */
public abstract class PolicyEngineContract {

  private static final String[] SUBJECTS = {"alice", "bob", "carol"};
  private static final String[] CLIENTS = {"c1", "c2", "c3"};
  private static final String[] SCOPES = {"read", "write", "admin"};
  private static final String[] TENANTS = {"acme", "globex"};
  private static final String[] ENVIRONMENTS = {"sandbox", "production"};
  private static final String[] SURFACES = {"mcp", "rest"};
  private static final String[] TOOLS = {
    "get_order", "list_orders", "delete_order", "create_refund", "x.y"
  };
  private static final String[] SOURCES = {"orders-api", "billing-api"};
  private static final String[] TAGS = {"orders", "billing", "internal"};
  private static final String[] ARGUMENTS = {"id", "amount", "currency", "status"};

  /** For subclasses. */
  protected PolicyEngineContract() {}

  /**
   * An engine under a policy drawn at random; each call draws a new one.
   *
   * @param random the source of randomness, seeded by the kit so that a failure can be replayed
   * @return the engine
   */
  protected abstract PolicyEngine engine(Random random);

  /**
   * How many random policies each property is checked on; 100 unless overridden.
   *
   * @return the count
   */
  protected int policies() {
    return 100;
  }

  /**
   * How many random requests each policy is asked; 100 unless overridden.
   *
   * @return the count
   */
  protected int requestsPerPolicy() {
    return 100;
  }

  /**
   * A random caller.
   *
   * @param random the source of randomness
   * @return the caller
   */
  protected CallerContext caller(Random random) {
    if (random.nextInt(10) == 0) {
      return CallerContext.anonymous();
    }
    CallerContext.Builder caller = CallerContext.builder()
        .authMethod(random.nextBoolean() ? "jwt" : "apiKey")
        .surface(pick(random, SURFACES));
    if (random.nextInt(4) != 0) {
      caller.subject(pick(random, SUBJECTS));
    }
    if (random.nextInt(4) != 0) {
      caller.clientId(pick(random, CLIENTS));
    }
    if (random.nextBoolean()) {
      caller.tenant(pick(random, TENANTS));
    }
    if (random.nextBoolean()) {
      caller.environment(pick(random, ENVIRONMENTS));
    }
    List<String> scopes = new ArrayList<>();
    for (String scope : SCOPES) {
      if (random.nextBoolean()) {
        scopes.add(scope);
      }
    }
    return caller.scopes(scopes).build();
  }

  /**
   * A random tool.
   *
   * @param random the source of randomness
   * @return the tool
   */
  protected ToolDefinition tool(Random random) {
    ToolDefinition.Builder tool = ToolDefinition.builder(pick(random, TOOLS))
        .annotations(new ToolAnnotations(maybe(random), maybe(random), maybe(random),
            maybe(random)));
    if (random.nextInt(4) != 0) {
      tool.source(pick(random, SOURCES));
    }
    List<String> tags = new ArrayList<>();
    for (String tag : TAGS) {
      if (random.nextInt(3) == 0) {
        tags.add(tag);
      }
    }
    return tool.tags(tags).build();
  }

  /**
   * Random call arguments, of any JSON type: strings, numbers, booleans, null, arrays and
   * objects, as an unvalidated call may carry.
   *
   * @param random the source of randomness
   * @return the arguments
   */
  protected Map<String, @Nullable Object> arguments(Random random) {
    Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
    for (String name : ARGUMENTS) {
      if (random.nextBoolean()) {
        arguments.put(name, value(random, 2));
      }
    }
    return arguments;
  }

  @Test
  void theListingViewAgreesWithListingDecisionsForEveryTool() {
    forEachPolicy((seed, engine, random) -> {
      for (int i = 0; i < requestsPerPolicy() / 10 + 1; i++) {
        CallerContext caller = caller(random);
        List<ToolDefinition> catalog = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
          catalog.add(tool(random));
        }
        Predicate<ToolDefinition> visible = engine.visibleTo(caller);
        for (ToolDefinition tool : catalog) {
          boolean decided = decide(engine, PolicyRequest.forListing(caller, tool)).allowed();
          assertThat(visible.test(tool))
              .as("policy seed %d: visibleTo(%s) for %s agrees with decide()", seed, caller, tool)
              .isEqualTo(decided);
        }
      }
    });
  }

  @Test
  void aCallIsAllowedOnlyForAListedTool() {
    forEachPolicy((seed, engine, random) -> {
      for (int i = 0; i < requestsPerPolicy(); i++) {
        CallerContext caller = caller(random);
        ToolDefinition tool = tool(random);
        Map<String, @Nullable Object> arguments = arguments(random);
        if (decide(engine, new PolicyRequest(caller, tool, arguments)).allowed()) {
          assertThat(engine.visibleTo(caller).test(tool))
              .as("policy seed %d: %s may call %s with %s, so it is listed",
                  seed, caller, tool, arguments)
              .isTrue();
        }
      }
    });
  }

  @Test
  void decisionsAreRepeatable() {
    forEachPolicy((seed, engine, random) -> {
      for (int i = 0; i < requestsPerPolicy(); i++) {
        PolicyRequest request = new PolicyRequest(caller(random), tool(random), arguments(random));
        assertThat(decide(engine, request).allowed())
            .as("policy seed %d: %s decided twice", seed, request)
            .isEqualTo(decide(engine, request).allowed());
      }
    });
  }

  @Test
  void argumentsOfUnexpectedTypesAreDecidedNeverThrownOn() {
    Map<String, @Nullable Object> hostile = new HashMap<>();
    hostile.put("id", null);
    hostile.put("amount", "not a number");
    hostile.put("currency", List.of(List.of(1, 2), Map.of("k", "v")));
    hostile.put("status", "x".repeat(100_000));
    hostile.put("", 3.5e300);
    hostile.put("\u0000\u202e", Map.of("nested", List.of()));
    forEachPolicy((seed, engine, random) -> {
      for (int i = 0; i < 10; i++) {
        PolicyRequest request = new PolicyRequest(caller(random), tool(random), hostile);
        assertThatCode(() -> decide(engine, request))
            .as("policy seed %d: hostile arguments", seed)
            .doesNotThrowAnyException();
      }
    });
  }

  @Test
  void decisionsAreTheSameFromManyThreads() throws Exception {
    long seed = 42;
    Random random = new Random(seed);
    PolicyEngine engine = engine(random);
    List<PolicyRequest> requests = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      requests.add(random.nextBoolean()
          ? PolicyRequest.forListing(caller(random), tool(random))
          : new PolicyRequest(caller(random), tool(random), arguments(random)));
    }
    List<Boolean> expected = requests.stream().map(r -> decide(engine, r).allowed()).toList();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Boolean>>> answers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        answers.add(threads.submit(
            () -> requests.stream().map(r -> decide(engine, r).allowed()).toList()));
      }
      for (Future<List<Boolean>> answer : answers) {
        assertThat(answer.get()).as("decisions on another thread").isEqualTo(expected);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static PolicyDecision decide(PolicyEngine engine, PolicyRequest request) {
    PolicyDecision decision = engine.decide(request);
    assertThat(decision).as("the decision for %s", request).isNotNull();
    return decision;
  }

  private void forEachPolicy(PolicyCheck check) {
    for (long seed = 0; seed < policies(); seed++) {
      Random random = new Random(seed);
      PolicyEngine engine = engine(random);
      assertThat(engine).as("policy seed %d", seed).isNotNull();
      check.run(seed, engine, random);
    }
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static @Nullable Boolean maybe(Random random) {
    int n = random.nextInt(3);
    return n == 0 ? null : n == 1;
  }

  private static @Nullable Object value(Random random, int depth) {
    return switch (random.nextInt(depth > 0 ? 7 : 5)) {
      case 0 -> pick(random, new String[] {"42", "EUR", "paid", "", "ORD-1"});
      case 1 -> (long) random.nextInt(2000) - 1000;
      case 2 -> random.nextDouble() * 1000;
      case 3 -> random.nextBoolean();
      case 4 -> null;
      case 5 -> {
        List<@Nullable Object> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          list.add(value(random, depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          map.put(pick(random, ARGUMENTS), value(random, depth - 1));
        }
        yield map;
      }
    };
  }

  @FunctionalInterface
  private interface PolicyCheck {
    void run(long seed, PolicyEngine engine, Random random);
  }
}
