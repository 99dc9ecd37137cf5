package dev.mcpgate.core.policy;

import static dev.mcpgate.core.policy.Fixtures.annotated;
import static dev.mcpgate.core.policy.Fixtures.apiTool;
import static dev.mcpgate.core.policy.Fixtures.caller;
import static dev.mcpgate.core.policy.Fixtures.matches;
import static dev.mcpgate.core.policy.Fixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import org.junit.jupiter.api.Test;

/** The tool side of a rule: names and globs, tags, sources, HTTP methods, hints. */
class ToolMatchingTest {

  private final CallerContext caller = caller().build();

  private boolean sees(PolicyRule.Builder rule, ToolDefinition tool) {
    return matches(rule, caller, tool);
  }

  @Test
  void exactNamesMatchOnlyThemselves() {
    PolicyRule.Builder rule = PolicyRule.allow("r").tools("get_order", "list_orders");

    assertThat(sees(rule, tool("get_order"))).isTrue();
    assertThat(sees(rule, tool("list_orders"))).isTrue();
    assertThat(sees(rule, tool("get_orders"))).isFalse();
  }

  @Test
  void globsMatchByPrefixSuffixAndWildcards() {
    assertThat(sees(PolicyRule.allow("r").tools("get_*"), tool("get_order"))).isTrue();
    assertThat(sees(PolicyRule.allow("r").tools("get_*"), tool("list_orders"))).isFalse();
    assertThat(sees(PolicyRule.allow("r").tools("*_delete"), tool("order_delete"))).isTrue();
    assertThat(sees(PolicyRule.allow("r").tools("*_delete"), tool("order_get"))).isFalse();
    assertThat(sees(PolicyRule.allow("r").tools("order?get"), tool("order_get"))).isTrue();
    assertThat(sees(PolicyRule.allow("r").tools("g*", "x"), tool("get"))).isTrue();
    assertThat(sees(PolicyRule.allow("r").tools("*"), tool("anything"))).isTrue();
  }

  @Test
  void globsWithASharedPrefixAreAllFound() {
    RulePolicyEngine engine =
        RulePolicyEngine.builder()
            .rule(PolicyRule.allow("g").tools("g*"))
            .rule(PolicyRule.deny("get").tools("get_*"))
            .rule(PolicyRule.allow("getx").tools("get_x?"))
            .build();

    assertThat(Fixtures.listing(engine, caller, tool("get_xy")).reason())
        .isEqualTo("denied by rule get");
    assertThat(Fixtures.listing(engine, caller, tool("go")).reason())
        .isEqualTo("allowed by rule g");
    assertThat(Fixtures.listing(engine, caller, tool("x")).allowed()).isFalse();
  }

  @Test
  void tagsMatchWhenTheToolHasAnyOfThem() {
    PolicyRule.Builder rule = PolicyRule.allow("r").tags("orders", "billing");

    assertThat(sees(rule, apiTool("a", "api", "GET", "billing"))).isTrue();
    assertThat(sees(rule, apiTool("a", "api", "GET", "x", "orders"))).isTrue();
    assertThat(sees(rule, apiTool("a", "api", "GET", "users"))).isFalse();
    assertThat(sees(rule, tool("a"))).as("no tags").isFalse();
  }

  @Test
  void sourcesMatchTheToolsSourceAndNeverAJavaTool() {
    PolicyRule.Builder rule = PolicyRule.allow("r").sources("payments-api");

    assertThat(sees(rule, apiTool("a", "payments-api", "GET"))).isTrue();
    assertThat(sees(rule, apiTool("a", "crm-api", "GET"))).isFalse();
    assertThat(sees(rule, tool("a"))).isFalse();
  }

  @Test
  void httpMethodsMatchCaseInsensitivelyAndNeverAJavaTool() {
    PolicyRule.Builder rule = PolicyRule.allow("r").httpMethods("get", "HEAD");

    assertThat(sees(rule, apiTool("a", "api", "GET"))).isTrue();
    assertThat(sees(rule, apiTool("a", "api", "POST"))).isFalse();
    assertThat(sees(rule, tool("a"))).isFalse();
  }

  @Test
  void readOnlyTrueMatchesOnlyToolsThatDeclareIt() {
    PolicyRule.Builder rule = PolicyRule.allow("r").readOnly(true);

    assertThat(sees(rule, annotated("a", new ToolAnnotations(true, null, null, null)))).isTrue();
    assertThat(sees(rule, annotated("a", new ToolAnnotations(false, null, null, null)))).isFalse();
    assertThat(sees(rule, annotated("a", ToolAnnotations.none()))).isFalse();
    assertThat(sees(PolicyRule.allow("r").readOnly(false), annotated("a", ToolAnnotations.none())))
        .isTrue();
  }

  @Test
  void unsetHintsTakeMcpDefaults() {
    ToolDefinition silent = annotated("a", ToolAnnotations.none());

    assertThat(sees(PolicyRule.allow("r").destructive(true), silent)).isTrue();
    assertThat(sees(PolicyRule.allow("r").openWorld(true), silent)).isTrue();
    assertThat(sees(PolicyRule.allow("r").idempotent(false), silent)).isTrue();
    assertThat(sees(PolicyRule.allow("r").idempotent(true), silent)).isFalse();
    assertThat(
            sees(
                PolicyRule.allow("r").destructive(true),
                annotated("a", new ToolAnnotations(null, false, null, null))))
        .isFalse();
    assertThat(
            sees(
                PolicyRule.allow("r").idempotent(true).openWorld(false),
                annotated("a", new ToolAnnotations(null, null, true, false))))
        .isTrue();
  }

  @Test
  void everyToolConditionMustHold() {
    PolicyRule.Builder rule =
        PolicyRule.allow("r").tools("get_*").sources("api").httpMethods("GET").tags("orders");

    assertThat(sees(rule, apiTool("get_order", "api", "GET", "orders"))).isTrue();
    assertThat(sees(rule, apiTool("get_order", "api", "GET", "users"))).isFalse();
    assertThat(sees(rule, apiTool("get_order", "other", "GET", "orders"))).isFalse();
    assertThat(sees(rule, apiTool("get_order", "api", "POST", "orders"))).isFalse();
    assertThat(sees(rule, apiTool("put_order", "api", "GET", "orders"))).isFalse();
  }

  @Test
  void invalidNamesAndMethodsAreRejected() {
    assertThatThrownBy(() -> PolicyRule.allow("r").tools("get order").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("get order");
    assertThatThrownBy(() -> PolicyRule.allow("r").tools("get[a]").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyRule.allow("r").httpMethods("GE T").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP method");
  }
}
