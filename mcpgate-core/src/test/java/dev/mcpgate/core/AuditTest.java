package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every tools/call leaves exactly one audit event, with metadata only. */
class AuditTest {

  private static final String CANARY = "canary-7f3a9c";
  private static final Instant NOW = Instant.parse("2025-11-25T10:00:00Z");
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"note\":{\"type\":\"string\",\"maxLength\":20},"
          + "\"amount\":{\"type\":\"integer\"}},\"additionalProperties\":false}";

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicReference<String> handlerRequestId = new AtomicReference<>();

  private final PolicyEngine policy =
      request -> {
        if (request.tool().name().equals("hidden")) {
          return PolicyDecision.deny("hidden-rule");
        }
        if (request.isCall()
            && request.arguments().get("amount") instanceof Number amount
            && amount.intValue() > 100) {
          return PolicyDecision.deny("amount-limit");
        }
        return PolicyDecision.allow("default-allow");
      };

  private final TestClient client =
      TestClient.connect(
              McpGateway.builder()
                  .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                  .policy(policy)
                  .auditSink(audit)
                  .source(Source.approved("payments-api"))
                  .tool(
                      ToolDefinition.builder("refund")
                          .inputSchema(SCHEMA)
                          .source("payments-api")
                          .operationId("create_refund")
                          .build(),
                      call -> {
                        handlerRequestId.set(call.requestId());
                        return ToolResult.text("refunded");
                      })
                  .tool(Tools.tool("refuse"), call -> ToolResult.error("nothing to refund"))
                  .tool(
                      Tools.tool("crash"),
                      call -> {
                        throw new IllegalStateException("secret " + CANARY);
                      })
                  .tool(Tools.tool("hidden"), Tools.echo())
                  .build())
          .as(
              CallerContext.builder()
                  .subject("alice")
                  .clientId("agent-1")
                  .authMethod("jwt")
                  .build());

  @Test
  void aSuccessfulCallIsRecordedAsOkWithEveryGatePassed() {
    client.callTool("refund", "{\"amount\":10}");

    AuditEvent event = audit.only();
    assertThat(event.method()).isEqualTo("tools/call");
    assertThat(event.tool()).isEqualTo("refund");
    assertThat(event.source()).isEqualTo("payments-api");
    assertThat(event.operation()).isEqualTo("create_refund");
    assertThat(event.caller().subject()).isEqualTo("alice");
    assertThat(event.time()).isEqualTo(NOW);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.OK);
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
    assertThat(event.gates())
        .extracting(gate -> gate.gate().jsonName(), GateOutcome::passed)
        .containsExactly(tuple("sourceApproved", true), tuple("operationSelected", true),
            tuple("policy", true), tuple("inputSchema", true), tuple("sizeLimits", true),
            tuple("rateLimit", true));
    assertThat(event.gates().get(2).reason()).isEqualTo("default-allow");
    assertThat(event.adapter()).isNotNull();
    assertThat(event.adapter().error()).isNull();
  }

  @Test
  void theEventCarriesTheRequestIdTheHandlerSaw() {
    client.callTool("refund", "{}");

    assertThat(audit.only().requestId()).isEqualTo(handlerRequestId.get());
  }

  @Test
  void everyResultReturnsTheRequestIdItWasAuditedUnder() {
    String ok = client.callTool("refund", "{\"amount\":10}")
        .at("/_meta/dev.mcpgate~1requestId").asString();
    String denied = client.callTool("refund", "{\"amount\":5000}")
        .at("/_meta/dev.mcpgate~1requestId").asString();
    String invalid = client.callTool("refund", "{\"amount\":\"lots\"}")
        .at("/_meta/dev.mcpgate~1requestId").asString();

    assertThat(audit.events()).extracting(AuditEvent::requestId)
        .containsExactly(ok, denied, invalid);
    assertThat(ok).isNotBlank().isNotEqualTo(denied);
  }

  @Test
  void aCallDeniedByPolicyIsRecordedAsDeniedAtThePolicyGate() {
    client.callTool("refund", "{\"amount\":5000}");

    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(event.gates()).last().isEqualTo(new GateOutcome(GateId.POLICY, false, "amount-limit"));
    assertThat(event.adapter()).isNull();
  }

  @Test
  void aCallWithInvalidArgumentsIsRecordedAsInvalidAtTheSchemaGate() {
    client.callTool("refund", "{\"amount\":\"lots\"}");

    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.INVALID);
    assertThat(event.gates())
        .extracting(gate -> gate.gate().jsonName(), GateOutcome::passed)
        .containsExactly(tuple("sourceApproved", true), tuple("operationSelected", true),
            tuple("policy", true), tuple("inputSchema", false));
    assertThat(event.adapter()).isNull();
  }

  @Test
  void aToolErrorIsRecordedAsToolError() {
    client.callTool("refuse", "{}");

    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
  }

  @Test
  void aThrowingHandlerIsRecordedAsErrorNamingOnlyTheExceptionType() {
    client.callTool("crash", "{}");

    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(event.adapter().error()).isEqualTo("IllegalStateException");
    assertThat(event.toString()).doesNotContain(CANARY);
  }

  @Test
  void anUnknownToolIsRecordedAsDenied() {
    client.request("tools/call", "{\"name\":\"nope\"}");

    AuditEvent event = audit.only();
    assertThat(event.tool()).isEqualTo("nope");
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(event.gates()).extracting(GateOutcome::passed).containsExactly(false);
  }

  @Test
  void aHiddenToolIsRecordedAsDeniedWithThePolicyReason() {
    client.request("tools/call", "{\"name\":\"hidden\"}");

    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(event.gates()).last().isEqualTo(new GateOutcome(GateId.POLICY, false, "hidden-rule"));
  }

  @Test
  void argumentValuesNeverReachTheAuditTrail() {
    client.callTool("refund", "{\"note\":\"" + CANARY + "\"}");
    client.callTool("refund", "{\"note\":\"" + CANARY + CANARY + CANARY + "\"}");
    client.callTool("refund", "{\"note\":\"" + CANARY + "\",\"amount\":5000}");
    client.callTool("refund", "{\"" + CANARY + "\":1}");

    assertThat(audit.events())
        .hasSize(4)
        .allSatisfy(event -> assertThat(event.toString()).doesNotContain(CANARY));
  }

  @Test
  void eachToolsCallAndEachToolsListPageLeavesExactlyOneEventAndOtherMethodsNone() {
    client.request("ping", "{}");
    client.request("tools/list", "{}");
    client.callTool("refund", "{}");
    client.callTool("refuse", "{}");
    client.callTool("crash", "{}");
    client.request("tools/call", "{\"name\":\"nope\"}");

    List<AuditEvent> events = audit.events();
    assertThat(events).extracting(AuditEvent::method)
        .containsExactly("tools/list", "tools/call", "tools/call", "tools/call", "tools/call");
    assertThat(events)
        .extracting(AuditEvent::tool)
        .containsExactly(null, "refund", "refuse", "crash", "nope");
    assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
  }

  @Test
  void aToolsListPageIsAuditedWithItsCallerAndHowManyToolsItShowed() {
    McpGateway paged = McpGateway.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .pageSize(2)
        .policy(policy)
        .auditSink(audit)
        .tool(Tools.tool("a"), Tools.echo())
        .tool(Tools.tool("b"), Tools.echo())
        .tool(Tools.tool("c"), Tools.echo())
        .tool(Tools.tool("hidden"), Tools.echo())
        .build();
    TestClient alice = TestClient.connect(paged)
        .as(CallerContext.builder().subject("alice").clientId("agent-1").authMethod("jwt").build());

    String cursor = alice.request("tools/list", "{}").at("/result/nextCursor").asString();
    alice.request("tools/list", "{\"cursor\":\"" + cursor + "\"}");
    alice.request("tools/list", "{\"cursor\":\"not-a-cursor\"}");

    List<AuditEvent> events = audit.events();
    assertThat(events).extracting(AuditEvent::method).containsOnly(AuditEvent.METHOD_TOOLS_LIST);
    assertThat(events).extracting(event -> event.outcome().jsonName()).containsExactly("ok", "ok", "invalid");
    assertThat(events).extracting(event -> event.details().get(AuditEvent.DETAIL_TOOLS_LISTED))
        .containsExactly("2", "1", null);
    assertThat(events).extracting(event -> event.details().get(AuditEvent.DETAIL_HAS_MORE))
        .containsExactly("true", "false", null);
    assertThat(events).extracting(event -> event.details().get(AuditEvent.DETAIL_CURSOR))
        .containsExactly(null, "true", null);
    assertThat(events).allSatisfy(event -> {
      assertThat(event.caller().subject()).isEqualTo("alice");
      assertThat(event.time()).isEqualTo(NOW);
    });
    assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
  }
}
