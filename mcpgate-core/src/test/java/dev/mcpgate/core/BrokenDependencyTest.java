package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A dependency that breaks its contract costs one request an internal error, nothing more. */
class BrokenDependencyTest {

  private static final String CANARY = "canary-7f3a9c";

  private final AtomicBoolean broken = new AtomicBoolean(true);
  private final PolicyEngine flakyPolicy =
      request -> {
        if (broken.get()) {
          throw new IllegalStateException("policy store at 10.0.0.9 unreachable " + CANARY);
        }
        return PolicyDecision.allow("ok");
      };
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final TestClient client =
      TestClient.connect(
          McpGateway.builder()
              .tool(Tools.tool("t"), Tools.echo())
              .policy(flakyPolicy)
              .auditSink(audit)
              .build());

  @Test
  void aThrowingPolicyOnToolsCallIsAnInternalErrorWithoutDetails() {
    RecordingSink sink = client.exchange("tools/call", "{\"name\":\"t\"}");

    JsonNode response = sink.response();
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32603);
    assertThat(response.toString())
        .doesNotContain(CANARY, "10.0.0.9", "IllegalStateException", "\\tat ");
  }

  @Test
  void aThrowingPolicyOnToolsCallStillLeavesAnAuditEvent() {
    client.exchange("tools/call", "{\"name\":\"t\"}");

    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(audit.only().gates()).last().satisfies(gate -> {
      assertThat(gate.gate()).isEqualTo(GateId.POLICY);
      assertThat(gate.passed()).isFalse();
      assertThat(gate.reason()).doesNotContain(CANARY);
    });
  }

  @Test
  void aThrowingPolicyOnToolsListIsAnInternalErrorWithoutDetails() {
    JsonNode response = client.request("tools/list", "{}");

    assertThat(response.at("/error/code").asInt()).isEqualTo(-32603);
    assertThat(response.toString()).doesNotContain(CANARY, "10.0.0.9");
  }

  @Test
  void theSessionWorksAgainOnceThePolicyRecovers() {
    client.request("tools/list", "{}");
    broken.set(false);

    assertThat(client.request("tools/list", "{}").at("/result/tools")).hasSize(1);
    assertThat(client.callTool("t", "{}").path("isError").asBoolean(false)).isFalse();
  }
}
