package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

  private final CallerContext admin =
      CallerContext.builder().authMethod("jwt").scopes(List.of("admin")).build();

  @Test
  void theDefaultListingViewAnswersAsListingDecisions() {
    List<PolicyRequest> asked = new ArrayList<>();
    PolicyEngine adminsSeeDeletes = request -> {
      asked.add(request);
      boolean delete = request.tool().name().startsWith("delete");
      return !delete || request.caller().hasScope("admin")
          ? PolicyDecision.allow("ok")
          : PolicyDecision.deny("admins only");
    };
    ToolDefinition get = ToolDefinition.builder("get_order").build();
    ToolDefinition delete = ToolDefinition.builder("delete_order").build();

    Predicate<ToolDefinition> anonymous = adminsSeeDeletes.visibleTo(CallerContext.anonymous());
    Predicate<ToolDefinition> admins = adminsSeeDeletes.visibleTo(admin);

    assertThat(anonymous.test(get)).isTrue();
    assertThat(anonymous.test(delete)).isFalse();
    assertThat(admins.test(delete)).isTrue();
    assertThat(asked).hasSize(3).noneMatch(PolicyRequest::isCall);
    assertThat(asked.get(2).caller()).isSameAs(admin);
  }

  @Test
  void aListingViewNeedsACaller() {
    assertThatNullPointerException().isThrownBy(() -> PolicyEngine.allowAll().visibleTo(null));
  }

  @Test
  void anEngineThatDecidesOnlyToolsDeniesEveryOtherFeature() {
    PolicyEngine toolsOnly = request -> PolicyDecision.allow("every tool");
    FeatureRequest prompt =
        FeatureRequest.forListing(admin, FeatureRequest.Kind.PROMPT, "summarize");

    PolicyDecision decision = toolsOnly.decideFeature(prompt);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).isEqualTo(PolicyEngine.FEATURES_NOT_DECIDED);
  }

  @Test
  void allowAllAndDenyAllCoverResourcesAndPrompts() {
    FeatureRequest read = new FeatureRequest(admin, FeatureRequest.Kind.RESOURCE_TEMPLATE,
        "app://orders/{id}", "app://orders/7", java.util.Map.of("id", "7"));

    assertThat(PolicyEngine.allowAll().decideFeature(read).allowed()).isTrue();
    assertThat(PolicyEngine.denyAll().decideFeature(read).allowed()).isFalse();
    assertThat(read.isUse()).isTrue();
    assertThat(FeatureRequest.forListing(admin, FeatureRequest.Kind.RESOURCE, "app://a").isUse())
        .isFalse();
  }
}
