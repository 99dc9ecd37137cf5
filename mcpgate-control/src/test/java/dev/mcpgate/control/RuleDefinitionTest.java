package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The store's rule holds everything a core rule matches on, and gives it back unchanged. */
class RuleDefinitionTest {

  /** One rule per kind of condition, and one with all of them. */
  static final List<PolicyRule> RULES = List.of(
      PolicyRule.allow("subjects").subjects("alice").build(),
      PolicyRule.allow("agents").agents("buyer-bot").build(),
      PolicyRule.allow("workloads").workloads("spiffe://shop/checkout").build(),
      PolicyRule.allow("clients").clientIds("acme").build(),
      PolicyRule.deny("surfaces").surfaces("rest").build(),
      PolicyRule.allow("tenants").tenants("shop").build(),
      PolicyRule.allow("environments").environments("production").build(),
      PolicyRule.allow("auth-methods").authMethods("jwt").build(),
      PolicyRule.allow("any-scope").anyScope("orders:read", "admin").build(),
      PolicyRule.allow("all-scopes").allScopes("orders:read", "orders:write").build(),
      PolicyRule.allow("attributes").attribute("department", "sales", "ops")
          .attribute("level", "2").build(),
      PolicyRule.allow("names").tools("get_*", "pay").build(),
      PolicyRule.allow("tags").tags("payments").build(),
      PolicyRule.allow("sources").sources("pay").build(),
      PolicyRule.deny("methods").httpMethods("DELETE").build(),
      PolicyRule.allow("read-only").readOnly(true).build(),
      PolicyRule.deny("destructive").destructive(true).build(),
      PolicyRule.allow("idempotent").idempotent(true).build(),
      PolicyRule.allow("closed-world").openWorld(false).build(),
      PolicyRule.allow("small").argument(ArgumentCondition.atMost("amount", 1000)).build(),
      PolicyRule.allow("currencies").argument(ArgumentCondition.in("currency",
          List.of("EUR", "USD"))).build(),
      PolicyRule.deny("not-express").argument(ArgumentCondition.notEqualTo("express", true))
          .build(),
      PolicyRule.allow("every-kind").description("all at once")
          .subjects("alice").agents("buyer-bot").workloads("spiffe://shop/checkout")
          .clientIds("acme").surfaces("mcp").tenants("shop").environments("production")
          .authMethods("jwt").anyScope("orders:read").allScopes("orders:read")
          .attribute("department", "sales").tools("pay*").tags("payments").sources("pay")
          .httpMethods("POST").readOnly(false).destructive(false).idempotent(true)
          .openWorld(false)
          .argument(ArgumentCondition.greaterThan("amount", 0.5))
          .argument(ArgumentCondition.lessThan("amount", 3_000_000_000L))
          .argument(ArgumentCondition.notIn("currency", List.of("XXX")))
          .argument(ArgumentCondition.equalTo("note", "ok")).build());

  @Test
  void everyKindOfRuleComesBackAsTheSameCoreRule() {
    for (int i = 0; i < RULES.size(); i++) {
      PolicyRule rule = RULES.get(i);

      assertThat(RuleDefinition.from(rule, i).toPolicyRule()).as(rule.id()).isEqualTo(rule);
    }
  }

  @Test
  void theStoredRuleDecidesEveryRequestAsTheCoreRuleDoes() {
    List<PolicyRule> stored = new ArrayList<>();
    for (int i = 0; i < RULES.size(); i++) {
      stored.add(RuleDefinition.from(RULES.get(i), i).toPolicyRule());
    }
    PolicyRule allowAll = PolicyRule.allow("all").build();
    for (int i = 0; i < RULES.size(); i++) {
      PolicyRule rule = RULES.get(i);
      // A deny rule is seen against an allow-all: what it denies is what it matches.
      List<PolicyRule> with = rule.effect() == PolicyRule.Effect.DENY ? List.of(allowAll)
          : List.of();
      Map<String, PolicyDecision> before = decisions(concat(rule, with));
      Map<String, PolicyDecision> after = decisions(concat(stored.get(i), with));

      assertThat(after).as(rule.id()).isEqualTo(before);
      assertThat(before.values()).as(rule.id() + ": the spread tells its matches apart")
          .anyMatch(PolicyDecision::allowed).anyMatch(decision -> !decision.allowed());
    }
    assertThat(decisions(stored)).isEqualTo(decisions(RULES));
  }

  @Test
  void numbersInConditionsAreKeptAsAJsonReaderReadsThemBack() {
    RuleDefinition rule = RuleDefinition.from(PolicyRule.allow("n")
        .argument(ArgumentCondition.atMost("a", (short) 7))
        .argument(ArgumentCondition.atMost("b", 5_000_000_000L))
        .argument(ArgumentCondition.atMost("c", new BigDecimal("2.5")))
        .argument(ArgumentCondition.in("d", List.of(1L, 2.5f, "x")))
        .argument(ArgumentCondition.atMost("e", BigInteger.TEN.pow(30))).build(), 0);

    assertThat(rule.arguments()).extracting(ArgumentCondition::value).containsExactly(
        7, 5_000_000_000L, 2.5, List.of(1, 2.5, "x"), BigInteger.TEN.pow(30));
  }

  @Test
  void badValuesAreRefusedWithAMessageNamingTheField() {
    assertThatThrownBy(() -> RuleDefinition.from(PolicyRule.allow("policy.rules[1]").build(), 0))
        .hasMessageContaining("rule id must be 1 to 64 of");
    Map<String, List<String>> noValues = new LinkedHashMap<>();
    noValues.put("department", List.of());
    assertThatThrownBy(() -> new RuleDefinition("r", 0, PolicyRule.Effect.ALLOW, null,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), noValues, List.of(), List.of(), List.of(), List.of(), null, null,
        null, null, List.of())).hasMessageContaining("attribute 'department' lists no values");
    assertThatThrownBy(() -> new RuleDefinition("r", 0, PolicyRule.Effect.ALLOW, null,
        List.of(), List.of(" "), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(),
        null, null, null, null, List.of()))
        .hasMessage("agents must not contain a blank value");
  }

  private static List<PolicyRule> concat(PolicyRule rule, List<PolicyRule> more) {
    List<PolicyRule> all = new ArrayList<>(more);
    all.add(0, rule);
    return all;
  }

  @Test
  void whatTheJsonFormWritesFromJsonReadsBack() {
    JsonMapper json = JsonMapper.builder().build();
    for (int i = 0; i < RULES.size(); i++) {
      RuleDefinition rule = RuleDefinition.from(RULES.get(i), i);
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = json.readValue(json.writeValueAsString(rule), Map.class);

      assertThat(RuleDefinition.fromJson(rule.id(), fields)).as(rule.id()).isEqualTo(rule);
    }
  }

  @Test
  void fromJsonTakesOperatorSymbolsAndLowerCaseEffects() {
    RuleDefinition rule = RuleDefinition.fromJson("small", Map.of("effect", "allow",
        "attributes", Map.of("department", List.of("sales")),
        "arguments", List.of(Map.of("argument", "amount", "operator", "<=", "value", 1000),
            Map.of("argument", "currency", "operator", "not in", "value", List.of("XXX")))));

    assertThat(rule.toPolicyRule()).isEqualTo(PolicyRule.allow("small")
        .attribute("department", "sales")
        .argument(ArgumentCondition.atMost("amount", 1000))
        .argument(ArgumentCondition.notIn("currency", List.of("XXX"))).build());
  }

  @Test
  void fromJsonRefusesBadFieldsNamingThemWithoutQuotingAComparedValue() {
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "maybe")))
        .hasMessage("effect must be allow or deny");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "arguments", List.of(Map.of("argument", "amount", "operator", "~", "value", 1)))))
        .hasMessageStartingWith("arguments[0].operator must be one of ==, !=, in, not in");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "arguments", List.of(Map.of("argument", "amount", "operator", "<", "value",
            "secret-canary")))))
        .hasMessage("arguments[0].value must be a finite number");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "arguments", List.of(Map.of("operator", "<", "value", 1)))))
        .hasMessage("arguments[0].argument must name an argument");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "attributes", Map.of(" ", List.of("x")))))
        .hasMessage("attributes: an attribute name must not be blank");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "attributes", Map.of("department", List.of()))))
        .hasMessageContaining("attribute 'department' lists no values");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "agents", "bot"))).hasMessage("agents must be an array of strings");
    assertThatThrownBy(() -> RuleDefinition.fromJson("r", Map.of("effect", "allow",
        "destructive", "yes"))).hasMessage("destructive must be true, false or null");
  }

  /** The decision for every caller, tool and arguments of a spread that each rule tells apart. */
  static Map<String, PolicyDecision> decisions(List<PolicyRule> rules) {
    RulePolicyEngine engine = RulePolicyEngine.of(rules);
    Map<String, PolicyDecision> out = new LinkedHashMap<>();
    List<CallerContext> callers = List.of(
        CallerContext.anonymous(),
        CallerContext.builder().subject("alice").agent("buyer-bot")
            .workload("spiffe://shop/checkout").clientId("acme").surface("mcp").tenant("shop")
            .environment("production").authMethod("jwt").scopes(List.of("orders:read"))
            .attribute("department", "sales").attribute("level", "2").build(),
        CallerContext.builder().subject("bob").clientId("other").surface("rest")
            .tenant("bank").environment("sandbox").authMethod("apiKey")
            .scopes(List.of("orders:read", "orders:write")).attribute("department", "ops")
            .build(),
        CallerContext.builder().agent("buyer-bot").scopes(List.of("admin"))
            .attribute("level", "2").build());
    List<ToolDefinition> tools = List.of(
        tool("get_order", "shop", "GET", new ToolAnnotations(true, false, true, false)),
        tool("pay", "pay", "POST", new ToolAnnotations(false, false, true, false),
            "payments"),
        tool("delete_order", "shop", "DELETE", ToolAnnotations.none()),
        ToolDefinition.builder("local").build());
    List<Map<String, Object>> arguments = List.of(
        Map.of(),
        Map.of("amount", 10, "currency", "EUR", "express", false, "note", "ok"),
        Map.of("amount", 5000.0, "currency", "XXX", "express", true),
        Map.of("amount", "ten"));
    for (int c = 0; c < callers.size(); c++) {
      for (ToolDefinition tool : tools) {
        out.put(c + " list " + tool.name(), engine.decide(
            PolicyRequest.forListing(callers.get(c), tool)));
        for (int a = 0; a < arguments.size(); a++) {
          out.put(c + " call " + tool.name() + " " + a, engine.decide(
              new PolicyRequest(callers.get(c), tool, arguments.get(a))));
        }
      }
    }
    return out;
  }

  private static ToolDefinition tool(String name, String source, String method,
      ToolAnnotations annotations, String... tags) {
    return ToolDefinition.builder(name).source(source).annotations(annotations)
        .tags(List.of(tags))
        .http(new HttpOperation(method, "https://api.example", "/" + name, List.of(), null))
        .build();
  }
}
