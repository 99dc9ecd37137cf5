package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.limits.SizeLimits;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every exit of a {@code tools/call} in the engine leaves exactly one audit event, with the
 * outcome and the last gate that exit stands for. The upstream adapter's own exits (request not
 * buildable, target host refused, credential missing or failing, timeout, upstream error, ...)
 * are enumerated by {@code UpstreamExitsAuditTest}, one scenario or more per {@code
 * AdapterExit}.
 */
class CallExitsAuditTest {

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"integer\"}}}";

  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicReference<TestClient> self = new AtomicReference<>();

  private final PolicyEngine policy = request -> switch (request.tool().name()) {
    case "hidden" -> PolicyDecision.deny("hidden-rule");
    case "broken" -> throw new IllegalStateException("policy store down");
    case "forbidden" -> request.isCall()
        ? PolicyDecision.deny("no-calls") : PolicyDecision.allow("listed");
    default -> PolicyDecision.allow("default-allow");
  };

  private final TestClient client = TestClient.connect(McpGateway.builder()
      .policy(policy)
      .auditSink(audit)
      .sizeLimits(SizeLimits.builder().maxStringLength(16).build())
      .rateLimiter(RateLimits.builder().perTool("limited", 1, Duration.ofHours(1)).build())
      .source(Source.pending("drafts"))
      .tool(Tools.tool("ok", SCHEMA), Tools.echo())
      .tool(Tools.tool("refuses"), call -> ToolResult.error("nothing to do"))
      .tool(Tools.tool("crashes"), call -> {
        throw new IllegalStateException("bug");
      })
      .tool(Tools.tool("returnsNull"), call -> null)
      .tool(ToolDefinition.builder("malformed")
              .outputSchema("{\"type\":\"object\",\"required\":[\"n\"]}").build(),
          call -> ToolResult.text("no structured content"))
      .tool(Tools.tool("hidden"), Tools.echo())
      .tool(ToolDefinition.builder("draft").source("drafts").build(), Tools.echo())
      .tool(Tools.tool("broken"), Tools.echo())
      .tool(Tools.tool("forbidden"), Tools.echo())
      .tool(Tools.tool("limited"), Tools.echo())
      .tool(Tools.tool("reenters"), call -> {
        // The same request id again, while this call is still in flight.
        self.get().send(TestClient.request(99, "tools/call", "{\"name\":\"ok\"}"));
        return ToolResult.text("first");
      })
      .tool(Tools.tool("cancelled"), call -> {
        self.get().notify("notifications/cancelled", "{\"requestId\":99}");
        return ToolResult.text("too late");
      })
      .build());

  {
    self.set(client);
  }

  static Stream<Arguments> exits() {
    return Stream.of(
        exit("name missing", "{}", AuditOutcome.INVALID, null),
        exit("name not a string", "{\"name\":7}", AuditOutcome.INVALID, null),
        exit("arguments not an object", "{\"name\":\"ok\",\"arguments\":[1]}",
            AuditOutcome.INVALID, null),
        exit("progress token not a string or integer",
            "{\"name\":\"ok\",\"_meta\":{\"progressToken\":{}}}", AuditOutcome.INVALID, null),
        exit("unknown tool", "{\"name\":\"nope\"}", AuditOutcome.DENIED, GateId.CATALOG),
        exit("tool hidden by policy", "{\"name\":\"hidden\"}", AuditOutcome.DENIED,
            GateId.POLICY),
        exit("tool of a source not approved", "{\"name\":\"draft\"}", AuditOutcome.DENIED,
            GateId.SOURCE_APPROVED),
        exit("call denied by policy", "{\"name\":\"forbidden\"}", AuditOutcome.DENIED,
            GateId.POLICY),
        exit("policy engine broken", "{\"name\":\"broken\"}", AuditOutcome.ERROR, GateId.POLICY),
        exit("arguments against the input schema",
            "{\"name\":\"ok\",\"arguments\":{\"amount\":\"lots\"}}", AuditOutcome.INVALID,
            GateId.INPUT_SCHEMA),
        exit("arguments over the size limits",
            "{\"name\":\"ok\",\"arguments\":{\"note\":\"far more than sixteen chars\"}}",
            AuditOutcome.INVALID, GateId.SIZE_LIMITS),
        exit("handler succeeds", "{\"name\":\"ok\",\"arguments\":{\"amount\":1}}",
            AuditOutcome.OK, GateId.RATE_LIMIT),
        exit("handler answers isError", "{\"name\":\"refuses\"}", AuditOutcome.TOOL_ERROR,
            GateId.RATE_LIMIT),
        exit("handler throws", "{\"name\":\"crashes\"}", AuditOutcome.ERROR, GateId.RATE_LIMIT),
        exit("handler returns null", "{\"name\":\"returnsNull\"}", AuditOutcome.ERROR,
            GateId.RATE_LIMIT),
        exit("result against the output schema", "{\"name\":\"malformed\"}",
            AuditOutcome.TOOL_ERROR, GateId.RATE_LIMIT));
  }

  private static Arguments exit(
      String name, String params, AuditOutcome outcome, @Nullable GateId lastGate) {
    return Arguments.of(name, params, outcome, lastGate);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exits")
  void eachExitLeavesExactlyOneEventWithItsOutcome(
      String exit, String params, AuditOutcome outcome, @Nullable GateId lastGate) {
    client.send(TestClient.request(1, "tools/call", params));

    AuditEvent event = audit.only();
    assertThat(event.method()).isEqualTo(AuditEvent.METHOD_TOOLS_CALL);
    assertThat(event.outcome()).isEqualTo(outcome);
    if (lastGate == null) {
      assertThat(event.gates()).isEmpty();
    } else {
      assertThat(event.gates()).last().extracting(GateOutcome::gate).isEqualTo(lastGate);
    }
  }

  @Test
  void overTheRateLimitLeavesOneEventDenied() {
    client.callTool("limited", "{}");
    audit.clear();

    client.send(TestClient.request(1, "tools/call", "{\"name\":\"limited\"}"));

    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(audit.only().gates()).last().satisfies(gate -> {
      assertThat(gate.gate()).isEqualTo(GateId.RATE_LIMIT);
      assertThat(gate.passed()).isFalse();
    });
  }

  @Test
  void aRequestIdAlreadyInFlightLeavesOneEventInvalidBesideTheFirstCallsOwn() {
    client.send(TestClient.request(99, "tools/call", "{\"name\":\"reenters\"}"));

    assertThat(audit.events()).extracting(AuditEvent::tool, AuditEvent::outcome)
        .containsExactly(
            tuple("ok", AuditOutcome.INVALID),
            tuple("reenters", AuditOutcome.OK));
    assertThat(audit.events().get(0).details()).containsEntry("reason",
        "request id already in flight");
  }

  @Test
  void aCallTheClientCancelledLeavesOneEventCancelledAndNoResponse() {
    RecordingSink sink = client.send(TestClient.request(99, "tools/call",
        "{\"name\":\"cancelled\"}"));

    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.CANCELLED);
    assertThat(sink.messages()).isEmpty();
  }

  @Test
  void aHiddenToolIsAnsweredExactlyAsAnUnknownOne() {
    JsonNode hidden = client.request("tools/call", "{\"name\":\"hidden\"}");
    JsonNode unknown = client.request("tools/call", "{\"name\":\"nope\"}");

    assertThat(hidden.get("error")).isNotNull();
    assertThat(hidden.at("/error/code")).isEqualTo(unknown.at("/error/code"));
    assertThat(hidden.at("/error/message").asString())
        .isEqualTo(unknown.at("/error/message").asString().replace("nope", "hidden"));
    assertThat(hidden.get("error").size()).isEqualTo(unknown.get("error").size());
  }
}
