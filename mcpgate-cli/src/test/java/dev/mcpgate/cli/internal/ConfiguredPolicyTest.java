package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code policy} section of a file, as the engine decides it: deny overrides, default deny. */
class ConfiguredPolicyTest {

  private static final CallerContext READER = CallerContext.builder()
      .clientId("reader").environment("sandbox").tenant("acme").scopes(List.of("pets.read"))
      .authMethod("apiKey").build();
  private static final CallerContext OPS = CallerContext.builder()
      .clientId("ops").environment("production").authMethod("apiKey").build();

  @TempDir Path dir;

  private RulePolicyEngine policy(String section) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), "openapi: 3.0.3\n");
    ServeConfig config = ConfigLoader.parse("""
        sources:
          - id: pets
            description: pets.yaml
        clients:
          - id: reader
          - id: ops
        """ + section, dir.resolve("mcpgate.yaml"), "mcpgate.yaml");
    return StandaloneGateway.policy(config.policy());
  }

  private static ToolDefinition tool(String name, String method) {
    return ToolDefinition.builder(name).source("pets")
        .http(new HttpOperation(method, "https://pets.example.com", "/pets", List.of(), null))
        .build();
  }

  private static PolicyDecision listing(RulePolicyEngine policy, CallerContext caller,
      ToolDefinition tool) {
    return policy.decide(PolicyRequest.forListing(caller, tool));
  }

  private static PolicyDecision call(RulePolicyEngine policy, CallerContext caller,
      ToolDefinition tool, Map<String, Object> arguments) {
    return policy.decide(new PolicyRequest(caller, tool, arguments));
  }

  @Test
  void aDenyOverridesAnAllowWhateverTheOrderOfTheRules() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          rules:
            - id: readers
              effect: allow
              clients: [reader]
            - id: no-deletes
              effect: deny
              httpMethods: [delete]
        """);

    assertThat(listing(policy, READER, tool("deletePet", "DELETE")))
        .isEqualTo(PolicyDecision.deny("denied by rule no-deletes"));
    assertThat(listing(policy, READER, tool("getPet", "GET")))
        .isEqualTo(PolicyDecision.allow("allowed by rule readers"));
  }

  @Test
  void whatNoRuleAllowsIsDeniedByDefault() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          rules:
            - {effect: allow, clients: [reader]}
        """);

    assertThat(listing(policy, OPS, tool("getPet", "GET")))
        .isEqualTo(PolicyDecision.deny(RulePolicyEngine.DEFAULT_DENY_REASON));
    assertThat(listing(policy, READER, tool("getPet", "GET")))
        .as("a rule without id is named by its path")
        .isEqualTo(PolicyDecision.allow("allowed by rule policy.rules[0]"));
  }

  @Test
  void defaultAllowAllowsWhatNoRuleDenies() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          default: allow
          rules:
            - {id: no-deletes, effect: deny, tools: ["delete*"]}
        """);

    assertThat(listing(policy, OPS, tool("getPet", "GET")))
        .isEqualTo(PolicyDecision.allow("allowed by rule policy.default"));
    assertThat(listing(policy, OPS, tool("deletePet", "DELETE")).allowed()).isFalse();
  }

  @Test
  void everyCallerAndToolConditionOfARuleMustHold() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          rules:
            - id: sandbox-reads
              effect: allow
              environments: [sandbox]
              tenants: [acme]
              scopes: [pets.read, pets.admin]
              authMethods: [apiKey]
              tools: ["get*"]
              sources: [pets]
              httpMethods: [GET]
        """);

    assertThat(listing(policy, READER, tool("getPet", "GET")).allowed()).isTrue();
    assertThat(listing(policy, READER, tool("listPets", "GET")).allowed()).isFalse();
    assertThat(listing(policy, OPS, tool("getPet", "GET")).allowed()).isFalse();
  }

  @Test
  void argumentConditionsDecideCallsButNeverHideATool() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          rules:
            - id: small-orders
              effect: allow
              clients: [reader]
              arguments:
                - {argument: quantity, operator: "<=", value: 10}
                - {argument: currency, operator: in, value: [EUR, USD]}
        """);
    ToolDefinition order = tool("orderFood", "POST");

    assertThat(listing(policy, READER, order).allowed()).isTrue();
    assertThat(call(policy, READER, order, Map.of("quantity", 10, "currency", "EUR")).allowed())
        .isTrue();
    assertThat(call(policy, READER, order, Map.of("quantity", 11, "currency", "EUR")).allowed())
        .isFalse();
    assertThat(call(policy, READER, order, Map.of("currency", "EUR")).allowed())
        .as("an absent argument satisfies no condition").isFalse();
  }

  @Test
  void aDryRunAllowsWhatItWouldDenyAndSaysSo() throws IOException {
    RulePolicyEngine policy = policy("""
        policy:
          dryRun: true
          rules:
            - {id: no-deletes, effect: deny, tools: ["delete*"]}
        """);

    assertThat(listing(policy, READER, tool("deletePet", "DELETE")))
        .isEqualTo(PolicyDecision.allow(RulePolicyEngine.DRY_RUN_PREFIX + "no-deletes)"));
    assertThat(listing(policy, READER, tool("getPet", "GET")))
        .isEqualTo(PolicyDecision.allow(RulePolicyEngine.DRY_RUN_PREFIX + "default deny)"));
  }

  @Test
  void anAllowAndALaterDenyMayOverlapUnlessAConditionSeparatesThem() {
    PolicyRule readers = PolicyRule.allow("readers").clientIds("reader").build();

    assertThat(StandaloneGateway.mayOverlap(readers,
        PolicyRule.deny("deletes").tools("delete*").build())).isTrue();
    assertThat(StandaloneGateway.mayOverlap(readers,
        PolicyRule.deny("ops").clientIds("ops").build())).isFalse();
    assertThat(StandaloneGateway.mayOverlap(
        PolicyRule.allow("gets").tools("get*").build(),
        PolicyRule.deny("deletes").tools("deletePet", "delete*").build()))
        .as("two globs are not compared").isTrue();
    assertThat(StandaloneGateway.mayOverlap(
        PolicyRule.allow("getPet").tools("getPet").build(),
        PolicyRule.deny("deletes").tools("delete*").build())).isFalse();
    assertThat(StandaloneGateway.mayOverlap(
        PolicyRule.allow("reads").readOnly(true).build(),
        PolicyRule.deny("writes").readOnly(false).build())).isFalse();
    assertThat(StandaloneGateway.mayOverlap(
        PolicyRule.allow("sandbox").environments("sandbox").httpMethods("GET").build(),
        PolicyRule.deny("posts").httpMethods("POST").build())).isFalse();
  }
}
