package dev.mcpgate.core.internal.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.GateId;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.SourceRegistry;
import dev.mcpgate.core.internal.upstream.TargetStep;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.limits.SizeLimits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seven gates are listed once, in DESIGN's order, and the pipeline runs them in it. */
class GateOrderTest {

  @Test
  void theSevenGatesAreInDesignsOrder() {
    assertThat(GateOrder.CALL).containsExactly(
        GateId.SOURCE_APPROVED, GateId.OPERATION_SELECTED, GateId.POLICY, GateId.INPUT_SCHEMA,
        GateId.SIZE_LIMITS, GateId.RATE_LIMIT, GateId.TARGET_HOST);
    assertThat(GateOrder.number(GateId.SOURCE_APPROVED)).isEqualTo(1);
    assertThat(GateOrder.number(GateId.TARGET_HOST)).isEqualTo(7);
    assertThat(GateOrder.number(GateId.REQUEST)).isZero();
  }

  @Test
  void theUpstreamAdaptersTargetStepIsGateSeven() {
    assertThat(GateOrder.number(TargetStep.GATE)).isEqualTo(7);
  }

  @Test
  void aPipelineRunsGatesOneToSixInOrder() {
    SourceRegistry sources = McpGateway.builder().build().sources();
    List<Gate> listing = List.of(SourceGate.approved(sources),
        SourceGate.operationSelected(sources), new PolicyGate(PolicyEngine.allowAll()));
    List<Gate> call = new ArrayList<>(listing);
    call.add(new InputSchemaGate());
    call.add(new SizeLimitsGate(SizeLimits.builder().build()));
    call.add(new RateLimitGate(RateLimits.builder().build()));

    new GatePipeline(listing, call);
    List<Gate> swapped = new ArrayList<>(call);
    swapped.set(3, call.get(4));
    swapped.set(4, call.get(3));

    assertThatThrownBy(() -> new GatePipeline(listing, swapped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[SOURCE_APPROVED, OPERATION_SELECTED, POLICY, INPUT_SCHEMA");
  }
}
