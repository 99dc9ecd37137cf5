package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.limits.SizeLimits;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Invariant 4: credential resolution happens only after every gate passed. Each case stops a
 * call at one gate and shows that the secret store was never asked and nothing was sent.
 */
class GatesBeforeCredentialsTest {

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"string\"},\"amount\":{\"type\":\"integer\"}},"
      + "\"required\":[\"id\"],\"additionalProperties\":false}";
  private static final CredentialBinding KEY = new CredentialBinding(
      "orders-key", AuthKind.API_KEY, "memory:orders", Map.of(),
      Map.of("in", "header", "name", "X-Api-Key"));

  private final FakeUpstream upstream = UpstreamCallTest.startServer();
  private final UpstreamCallTest.CountingResolver resolver = new UpstreamCallTest.CountingResolver();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private HttpUpstream adapter;

  @AfterEach
  void stop() {
    upstream.close();
    adapter.close();
  }

  private ToolDefinition tool() {
    return ToolDefinition.builder("refund").inputSchema(SCHEMA)
        .source("payments").operationId("createRefund")
        .http(new HttpOperation("POST", upstream.url().toString(), "/refunds/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("amount", Location.QUERY, "amount", null, null, false)), null))
        .build();
  }

  private TestClient client(UnaryOperator<McpGateway.Builder> setup, TargetPolicy targets) {
    adapter = HttpUpstream.builder().credentials(resolver).targets(targets).build();
    McpGateway.Builder builder = McpGateway.builder()
        .auditSink(audit)
        .source(Source.approved("payments"))
        // Policy runs before schema validation (gate 3 before 4): it reads arguments defensively.
        .policy(request -> request.arguments() != null
            && request.arguments().get("amount") instanceof Number amount
            && amount.intValue() > 1000
                ? PolicyDecision.deny("refunds over 1000 need a human")
                : PolicyDecision.allow("default"))
        .tool(tool(), adapter.handler(KEY));
    return TestClient.connect(setup.apply(builder).build());
  }

  private static TargetPolicy loopback() {
    return TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build();
  }

  static Stream<Arguments> stops() {
    UnaryOperator<McpGateway.Builder> none = builder -> builder;
    return Stream.of(
        Arguments.of("sourceApproved", (UnaryOperator<McpGateway.Builder>)
            builder -> builder.source(Source.pending("payments")), loopback(), "{\"id\":\"r1\"}"),
        Arguments.of("operationSelected", (UnaryOperator<McpGateway.Builder>)
            builder -> builder.source(Source.approved("payments").selecting(Set.of("listRefunds"))),
            loopback(), "{\"id\":\"r1\"}"),
        Arguments.of("policy", none, loopback(), "{\"id\":\"r1\",\"amount\":5000}"),
        Arguments.of("inputSchema", none, loopback(), "{\"id\":\"r1\",\"amount\":\"lots\"}"),
        Arguments.of("sizeLimits", (UnaryOperator<McpGateway.Builder>)
            builder -> builder.sizeLimits(SizeLimits.builder().maxStringLength(16).build()),
            loopback(), "{\"id\":\"" + "r".repeat(17) + "\"}"),
        Arguments.of("targetHost", none,
            TargetPolicy.builder().allowHost("payments.example.com").build(),
            "{\"id\":\"r1\"}"),
        Arguments.of("request", none, loopback(), "{\"id\":\"..\"}"));
  }

  @ParameterizedTest(name = "stopped at {0}")
  @MethodSource("stops")
  void aCallStoppedAtAGateNeverReachesTheSecretStore(
      String gate, UnaryOperator<McpGateway.Builder> setup, TargetPolicy targets, String args) {
    TestClient client = client(setup, targets);

    client.request("tools/call", "{\"name\":\"refund\",\"arguments\":" + args + "}");

    assertThat(resolver.resolves).as("resolutions").hasValue(0);
    assertThat(upstream.requests()).as("upstream requests").isEmpty();
    AuditEvent event = audit.only();
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
    assertThat(event.gates()).last().satisfies(last -> {
      assertThat(last.gate().jsonName()).isEqualTo(gate);
      assertThat(last.passed()).isFalse();
    });
    assertThat(event.gates()).filteredOn(outcome -> !outcome.passed()).hasSize(1);
  }

  @Test
  void aCallOverTheRateLimitNeverReachesTheSecretStore() {
    TestClient client = client(builder -> builder.rateLimiter(
        RateLimits.builder().perClient(1, Duration.ofHours(1)).build()), loopback());
    client.callTool("refund", "{\"id\":\"r1\"}");
    assertThat(resolver.resolves).hasValue(1);

    JsonNode limited = client.callTool("refund", "{\"id\":\"r2\"}");

    assertThat(limited.path("isError").asBoolean()).isTrue();
    assertThat(limited.at("/content/0/text").asString()).contains("retry after");
    assertThat(resolver.resolves).hasValue(1);
    assertThat(upstream.requests()).hasSize(1);
    AuditEvent event = audit.events().get(1);
    assertThat(event.gates()).last().extracting(GateOutcome::gate).isEqualTo(GateId.RATE_LIMIT);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
  }

  @Test
  void aCallThatPassesEveryGateResolvesOnce() {
    client(builder -> builder, loopback()).callTool("refund", "{\"id\":\"r1\",\"amount\":5}");

    assertThat(resolver.resolves).hasValue(1);
    assertThat(upstream.onlyRequest().header("X-Api-Key")).hasValue("key-1-abcdef");
    assertThat(audit.only().gates()).allMatch(GateOutcome::passed).extracting(gate -> gate.gate().jsonName())
        .containsExactly("sourceApproved", "operationSelected", "policy", "inputSchema",
            "sizeLimits", "rateLimit", "targetHost");
  }
}
