package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.matches;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caller side of a rule: each field, scopes any-of and all-of, attributes. */
class CallerMatchingTest {

  private final ToolDefinition tool = tool("get_order");

  private boolean sees(PolicyRule.Builder rule, CallerContext caller) {
    return matches(rule, caller, tool);
  }

  @Test
  void aRuleWithoutCallerConditionsMatchesEveryCaller() {
    assertThat(sees(PolicyRule.allow("all"), CallerContext.anonymous())).isTrue();
    assertThat(sees(PolicyRule.allow("all"), caller().build())).isTrue();
  }

  @Test
  void tenantMatchesOneOfTheListedTenants() {
    PolicyRule.Builder rule = PolicyRule.allow("r").tenants("acme", "globex");

    assertThat(sees(rule, caller().tenant("acme").build())).isTrue();
    assertThat(sees(rule, caller().tenant("globex").build())).isTrue();
    assertThat(sees(rule, caller().tenant("initech").build())).isFalse();
    assertThat(sees(rule, caller().build())).as("no tenant").isFalse();
  }

  @Test
  void environmentMatchesExactly() {
    PolicyRule.Builder rule = PolicyRule.allow("r").environments("sandbox");

    assertThat(sees(rule, caller().environment("sandbox").build())).isTrue();
    assertThat(sees(rule, caller().environment("Sandbox").build())).isFalse();
    assertThat(sees(rule, caller().environment("production").build())).isFalse();
    assertThat(sees(rule, caller().build())).isFalse();
  }

  @Test
  void clientIdSubjectAgentWorkloadSurfaceAndAuthMethodEachMatchTheirOwnField() {
    CallerContext full =
        caller()
            .clientId("c1")
            .subject("alice")
            .agent("claude")
            .workload("spiffe://a/b")
            .surface("rest")
            .authMethod("mtls")
            .build();

    assertThat(sees(PolicyRule.allow("r").clientIds("c1"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").clientIds("alice"), full)).isFalse();
    assertThat(sees(PolicyRule.allow("r").subjects("alice"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").subjects("claude"), full)).isFalse();
    assertThat(sees(PolicyRule.allow("r").agents("claude"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").agents("alice"), full)).isFalse();
    assertThat(sees(PolicyRule.allow("r").workloads("spiffe://a/b"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").workloads("spiffe://a"), full)).isFalse();
    assertThat(sees(PolicyRule.allow("r").surfaces("rest"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").surfaces("mcp"), full)).isFalse();
    assertThat(sees(PolicyRule.allow("r").authMethods("mtls", "jwt"), full)).isTrue();
    assertThat(sees(PolicyRule.allow("r").authMethods("none"), full)).isFalse();
  }

  @Test
  void anyScopeNeedsOneOfTheScopes() {
    PolicyRule.Builder rule = PolicyRule.allow("r").anyScope("orders:read", "admin");

    assertThat(sees(rule, caller().scopes(List.of("admin")).build())).isTrue();
    assertThat(sees(rule, caller().scopes(List.of("orders:read", "x")).build())).isTrue();
    assertThat(sees(rule, caller().scopes(List.of("orders:write")).build())).isFalse();
    assertThat(sees(rule, caller().build())).isFalse();
  }

  @Test
  void allScopesNeedsEveryScope() {
    PolicyRule.Builder rule = PolicyRule.allow("r").allScopes("orders:read", "orders:write");

    assertThat(sees(rule, caller().scopes(List.of("orders:read", "orders:write")).build()))
        .isTrue();
    assertThat(sees(rule, caller().scopes(List.of("orders:read", "orders:write", "x")).build()))
        .isTrue();
    assertThat(sees(rule, caller().scopes(List.of("orders:read")).build())).isFalse();
    assertThat(sees(rule, caller().build())).isFalse();
  }

  @Test
  void anyScopeAndAllScopesCombineWithAnd() {
    PolicyRule.Builder rule =
        PolicyRule.allow("r").anyScope("support", "ops").allScopes("orders:read");

    assertThat(sees(rule, caller().scopes(List.of("ops", "orders:read")).build())).isTrue();
    assertThat(sees(rule, caller().scopes(List.of("ops")).build())).isFalse();
    assertThat(sees(rule, caller().scopes(List.of("orders:read")).build())).isFalse();
  }

  @Test
  void attributesMatchOneOfTheirValues() {
    PolicyRule.Builder rule = PolicyRule.allow("r").attribute("department", "support", "sales");

    assertThat(sees(rule, caller().attribute("department", "sales").build())).isTrue();
    assertThat(sees(rule, caller().attribute("department", "finance").build())).isFalse();
    assertThat(sees(rule, caller().attribute("team", "sales").build())).isFalse();
  }

  @Test
  void everyConditionMustHold() {
    PolicyRule.Builder rule =
        PolicyRule.allow("r").tenants("acme").environments("production").clientIds("agent-1");

    assertThat(sees(rule, caller().tenant("acme").environment("production").build())).isTrue();
    assertThat(sees(rule, caller().tenant("acme").environment("sandbox").build())).isFalse();
    assertThat(sees(rule, caller().tenant("acme").environment("production").clientId("x").build()))
        .isFalse();
  }

  @Test
  void manyListedValuesMatchLikeFew() {
    String[] clients = new String[50];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = "client-" + i;
    }
    PolicyRule.Builder rule = PolicyRule.allow("r").clientIds(clients);

    assertThat(sees(rule, caller().clientId("client-0").build())).isTrue();
    assertThat(sees(rule, caller().clientId("client-49").build())).isTrue();
    assertThat(sees(rule, caller().clientId("client-50").build())).isFalse();
  }

  @Test
  void blankValuesAndAttributesWithoutValuesAreRejected() {
    assertThatThrownBy(() -> PolicyRule.allow("r").tenants(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenants");
    assertThatThrownBy(() -> PolicyRule.allow("r").attribute("department").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("department");
    assertThatThrownBy(
            () ->
                new CallerMatch(
                    Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                    Set.of(), Set.of(), Map.of("", Set.of("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
