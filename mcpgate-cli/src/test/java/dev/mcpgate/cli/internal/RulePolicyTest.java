package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RulePolicyTest {

  private static final CallerContext READER =
      CallerContext.builder()
          .clientId("reader").environment("sandbox").authMethod("apiKey").build();
  private static final CallerContext OPS =
      CallerContext.builder().clientId("ops").authMethod("apiKey").build();

  private static ToolDefinition tool(String name, String source) {
    return ToolDefinition.builder(name).source(source).build();
  }

  private static ServeConfig.Rule rule(int index, boolean allow, List<String> clients,
      List<String> environments, List<String> tools, List<String> sources,
      @Nullable String reason) {
    return new ServeConfig.Rule("policy.rules[" + index + "]", allow, clients, environments, tools,
        sources, reason);
  }

  private static PolicyDecision decide(
      RulePolicy policy, CallerContext caller, ToolDefinition tool) {
    PolicyDecision listing = policy.decide(PolicyRequest.forListing(caller, tool));
    PolicyDecision call = policy.decide(new PolicyRequest(caller, tool, Map.of("id", "1")));
    assertThat(call).as("tools/list and tools/call agree").isEqualTo(listing);
    return call;
  }

  @Test
  void theFirstMatchingRuleDecides() {
    RulePolicy policy = new RulePolicy(new ServeConfig.PolicyConfig(false, List.of(
        rule(0, false, List.of(), List.of(), List.of("delete*"), List.of(), "nobody deletes"),
        rule(1, true, List.of("reader"), List.of(), List.of(), List.of(), null))));

    assertThat(decide(policy, READER, tool("deletePet", "pets")))
        .isEqualTo(PolicyDecision.deny("nobody deletes"));
    assertThat(decide(policy, READER, tool("getPet", "pets")))
        .isEqualTo(PolicyDecision.allow("policy.rules[1]"));
  }

  @Test
  void aLaterRuleCannotOverrideAnEarlierMatch() {
    RulePolicy policy = new RulePolicy(new ServeConfig.PolicyConfig(false, List.of(
        rule(0, true, List.of("reader"), List.of(), List.of(), List.of(), null),
        rule(1, false, List.of(), List.of(), List.of("delete*"), List.of(), null))));

    assertThat(decide(policy, READER, tool("deletePet", "pets")).allowed()).isTrue();
  }

  @Test
  void noMatchFallsBackToTheDefaultWhichIsDeny() {
    RulePolicy deny = new RulePolicy(new ServeConfig.PolicyConfig(false, List.of(
        rule(0, true, List.of("reader"), List.of(), List.of(), List.of(), null))));
    RulePolicy allow = new RulePolicy(new ServeConfig.PolicyConfig(true, List.of()));

    assertThat(decide(deny, OPS, tool("getPet", "pets")))
        .isEqualTo(PolicyDecision.deny("policy.default: deny"));
    assertThat(decide(allow, OPS, tool("getPet", "pets")))
        .isEqualTo(PolicyDecision.allow("policy.default: allow"));
  }

  @Test
  void everyListedCriterionMustMatch() {
    RulePolicy policy = new RulePolicy(new ServeConfig.PolicyConfig(false, List.of(
        rule(0, true, List.of("reader", "ops"), List.of("sandbox"), List.of("get?et", "list*"),
            List.of("pets"), null))));

    assertThat(decide(policy, READER, tool("getPet", "pets")).allowed()).isTrue();
    assertThat(decide(policy, READER, tool("listPets", "pets")).allowed()).isTrue();
    assertThat(decide(policy, READER, tool("getPets", "pets")).allowed()).isFalse();
    assertThat(decide(policy, READER, tool("getPet", "billing")).allowed()).isFalse();
    // ops has no environment: a rule listing environments never matches it
    assertThat(decide(policy, OPS, tool("getPet", "pets")).allowed()).isFalse();
    assertThat(decide(policy, READER, ToolDefinition.builder("getPet").build()).allowed())
        .as("a tool without a source does not match a rule listing sources").isFalse();
  }

  @Test
  void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
    assertThat(RulePolicy.glob("pets.get*").matcher("pets.getPet").matches()).isTrue();
    assertThat(RulePolicy.glob("pets.get*").matcher("petsXgetPet").matches()).isFalse();
  }
}
