package dev.mcpgate.core.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Generated rules, tools, callers and arguments over small vocabularies (so that rules match
 * often), and a reference model of the policy semantics written straight from the documentation,
 * without the engine's compilation or index.
 */
final class RandomPolicies {

  private static final String[] NAMES = {
    "get_order", "get_orders", "list_orders", "delete_order", "create_refund", "g", "get_", "x.y"
  };
  private static final String[] NAME_PATTERNS = {
    "get_order", "list_orders", "get_*", "*_order", "*", "g*", "get_?rder", "*order*", "x.?", "?",
    "get_or*", "gets*", "list_*", "get_orders*"
  };
  private static final String[] TAGS = {"orders", "billing", "internal"};
  private static final String[] SOURCES = {"orders-api", "billing-api"};
  private static final String[] METHODS = {"GET", "POST", "DELETE"};
  private static final String[] TENANTS = {"acme", "globex"};
  private static final String[] ENVIRONMENTS = {"sandbox", "production"};
  private static final String[] CLIENTS = {"c1", "c2", "c3"};
  private static final String[] SCOPES = {"read", "write", "admin"};
  private static final String[] SURFACES = {"mcp", "rest"};

  private final Random random;

  RandomPolicies(long seed) {
    this.random = new Random(seed);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String[] some(String[] values) {
    int n = 1 + random.nextInt(2);
    String[] picked = new String[n];
    for (int i = 0; i < n; i++) {
      picked[i] = pick(values);
    }
    return picked;
  }

  private boolean often() {
    return random.nextInt(3) == 0;
  }

  List<PolicyRule> rules(int count, boolean withArguments) {
    List<PolicyRule> rules = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PolicyRule.Builder rule =
          random.nextInt(3) == 0 ? PolicyRule.deny("r" + i) : PolicyRule.allow("r" + i);
      if (often()) {
        rule.tools(some(NAME_PATTERNS));
      }
      if (often()) {
        rule.tags(some(TAGS));
      }
      if (often()) {
        rule.sources(some(SOURCES));
      }
      if (random.nextInt(5) == 0) {
        rule.httpMethods(some(METHODS));
      }
      if (random.nextInt(6) == 0) {
        rule.readOnly(random.nextBoolean());
      }
      if (random.nextInt(8) == 0) {
        rule.destructive(random.nextBoolean());
      }
      if (often()) {
        rule.tenants(some(TENANTS));
      }
      if (often()) {
        rule.environments(some(ENVIRONMENTS));
      }
      if (random.nextInt(4) == 0) {
        rule.clientIds(some(CLIENTS));
      }
      if (random.nextInt(4) == 0) {
        rule.anyScope(some(SCOPES));
      }
      if (random.nextInt(6) == 0) {
        rule.allScopes(some(SCOPES));
      }
      if (random.nextInt(8) == 0) {
        rule.surfaces(some(SURFACES));
      }
      if (withArguments && often()) {
        rule.argument(
            random.nextBoolean()
                ? ArgumentCondition.atMost("amount", random.nextInt(10))
                : ArgumentCondition.in("currency", List.of(some(new String[] {"EUR", "USD"}))));
      }
      rules.add(rule.build());
    }
    return rules;
  }

  ToolDefinition tool() {
    ToolDefinition.Builder tool = ToolDefinition.builder(pick(NAMES));
    if (random.nextBoolean()) {
      tool.source(pick(SOURCES));
      tool.http(new HttpOperation(pick(METHODS), "https://api.example.com", "/x", List.of(), null));
    }
    if (random.nextBoolean()) {
      tool.tags(List.of(some(TAGS)));
    }
    if (random.nextBoolean()) {
      tool.annotations(
          new ToolAnnotations(
              random.nextBoolean() ? null : random.nextBoolean(),
              random.nextBoolean() ? null : random.nextBoolean(),
              null,
              null));
    }
    return tool.build();
  }

  CallerContext caller() {
    CallerContext.Builder caller = CallerContext.builder().authMethod("jwt");
    if (random.nextInt(4) != 0) {
      caller.tenant(pick(TENANTS));
    }
    if (random.nextInt(4) != 0) {
      caller.environment(pick(ENVIRONMENTS));
    }
    if (random.nextInt(4) != 0) {
      caller.clientId(pick(CLIENTS));
    }
    caller.surface(pick(SURFACES));
    caller.scopes(List.of(some(SCOPES)).subList(0, random.nextInt(2)));
    return caller.build();
  }

  Map<String, @Nullable Object> arguments() {
    Map<String, @Nullable Object> arguments = new HashMap<>();
    if (random.nextInt(4) != 0) {
      arguments.put("amount", random.nextBoolean() ? random.nextInt(12) : random.nextInt(12) + 0.5);
    }
    if (random.nextInt(4) != 0) {
      arguments.put("currency", random.nextBoolean() ? "EUR" : random.nextBoolean() ? "USD" : 7);
    }
    return arguments;
  }

  /** The documented semantics, evaluated naively: the allowed-ness of a request. */
  static boolean referenceAllows(List<PolicyRule> rules, PolicyRequest request) {
    boolean allow = false;
    for (PolicyRule rule : rules) {
      if (referenceMatches(rule, request)) {
        if (rule.effect() == PolicyRule.Effect.DENY) {
          return false;
        }
        allow = true;
      }
    }
    return allow;
  }

  /** The reason the documentation promises for a decision. */
  static PolicyDecision referenceDecision(List<PolicyRule> rules, PolicyRequest request) {
    PolicyRule firstAllow = null;
    for (PolicyRule rule : rules) {
      if (rule.effect() == PolicyRule.Effect.DENY && referenceMatches(rule, request)) {
        return PolicyDecision.deny("denied by rule " + rule.id());
      }
      if (firstAllow == null
          && rule.effect() == PolicyRule.Effect.ALLOW
          && referenceMatches(rule, request)) {
        firstAllow = rule;
      }
    }
    return firstAllow == null
        ? PolicyDecision.deny(RulePolicyEngine.DEFAULT_DENY_REASON)
        : PolicyDecision.allow("allowed by rule " + firstAllow.id());
  }

  private static boolean referenceMatches(PolicyRule rule, PolicyRequest request) {
    Map<String, @Nullable Object> arguments = request.arguments();
    if (arguments == null && rule.hasArgumentConditions()
        && rule.effect() == PolicyRule.Effect.DENY) {
      return false;
    }
    CallerContext caller = request.caller();
    CallerMatch c = rule.caller();
    ToolDefinition tool = request.tool();
    ToolMatch t = rule.tool();
    boolean callerMatches =
        in(c.tenants(), caller.tenant())
            && in(c.environments(), caller.environment())
            && in(c.clientIds(), caller.clientId())
            && in(c.surfaces(), caller.surface())
            && (c.anyScopes().isEmpty()
                || c.anyScopes().stream().anyMatch(caller.scopes()::contains))
            && caller.scopes().containsAll(c.allScopes());
    boolean toolMatches =
        (t.names().isEmpty() || t.names().stream().anyMatch(n -> globRegex(n, tool.name())))
            && (t.tags().isEmpty() || tool.tags().stream().anyMatch(t.tags()::contains))
            && in(t.sources(), tool.source())
            && in(t.httpMethods(), tool.http() == null ? null : tool.http().method())
            && (t.readOnly() == null
                || t.readOnly().equals(Boolean.TRUE.equals(tool.annotations().readOnly())))
            && (t.destructive() == null
                || t.destructive().equals(!Boolean.FALSE.equals(tool.annotations().destructive())));
    if (!callerMatches || !toolMatches) {
      return false;
    }
    if (arguments == null) {
      return true;
    }
    for (ArgumentCondition condition : rule.arguments()) {
      Object actual = arguments.get(condition.argument());
      boolean holds;
      switch (condition.operator()) {
        case AT_MOST:
          holds = actual instanceof Number n
              && n.doubleValue() <= ((Number) condition.value()).doubleValue();
          break;
        case IN:
          holds = actual instanceof String && ((List<?>) condition.value()).contains(actual);
          break;
        default:
          throw new AssertionError(condition);
      }
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  private static boolean in(java.util.Set<String> values, @Nullable String value) {
    return values.isEmpty() || (value != null && values.contains(value));
  }

  private static final Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

  private static boolean globRegex(String glob, String name) {
    Pattern pattern =
        GLOBS.computeIfAbsent(
            glob,
            g -> Pattern.compile(
                Pattern.quote(g).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")));
    return pattern.matcher(name).matches();
  }
}
