package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The upstream adapter reads time from what its builder was given: signatures carry the clock's
 * time, the latency in the audit trail is measured by the ticker, and the call's deadline is read
 * from the same ticker, so a test steps time instead of waiting for it.
 */
class UpstreamInjectedTimeTest {

  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final CredentialBinding IAM = new CredentialBinding("aws", AuthKind.AWS_SIG_V4,
      "memory:aws", Map.of(), Map.of("region", "us-east-1", "service", "iam"));

  /** Time as the adapter sees it: moved only by the upstream, while it answers. */
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong stepPerAnswer = new AtomicLong(Duration.ofMillis(7).toNanos());
  private final FakeUpstream upstream = FakeUpstream.start().otherwise(request -> {
    nanos.addAndGet(stepPerAnswer.get());
    return FakeUpstream.Answer.json(200, "{\"ok\":true}");
  });
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private HttpUpstream adapter;

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    upstream.close();
  }

  @Test
  void aSigV4SignatureCarriesTheBuildersClockAndTheLatencyTheBuildersTicker() {
    adapter = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("aws", Secret.ofParts(Map.of(
            "accessKeyId", "AKIDEXAMPLE",
            "secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))))
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .clock(SIGNING_TIME)
        // The upstream takes 7 ms to answer, by this ticker.
        .ticker(nanos::get)
        .build();
    McpGateway gateway = McpGateway.builder()
        .auditSink(audit)
        .source(Source.approved("aws"))
        .tool(ToolDefinition.builder("list_users").source("aws").operationId("ListUsers")
                .http(new HttpOperation("GET", upstream.url() + "/iam", "/users", List.of(),
                    null))
                .build(),
            adapter.handler(IAM))
        .build();

    TestClient.connect(gateway).callTool("list_users", "{}");

    assertThat(upstream.onlyRequest().header("X-Amz-Date")).hasValue("20150830T123600Z");
    AuditEvent event = audit.only();
    assertThat(event.adapter()).isNotNull();
    assertThat(event.adapter().latency()).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void anAnswerStillArrivingWhenTheTickerPassesTheDeadlineIsATimeoutWithoutWaiting() {
    // By the adapter's ticker the upstream takes 31 s to start its answer: past the 30 s timeout.
    stepPerAnswer.set(Duration.ofSeconds(31).toNanos());
    upstream.otherwise(request -> {
      nanos.addAndGet(stepPerAnswer.get());
      // Longer than one read of the client: it reads again, and finds the deadline passed.
      return FakeUpstream.Answer.filler(200, 1 << 20);
    });
    adapter = HttpUpstream.builder()
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .timeout(Duration.ofSeconds(30))
        .ticker(nanos::get)
        .build();
    McpGateway gateway = McpGateway.builder()
        .auditSink(audit)
        .tool(ToolDefinition.builder("export")
                .http(new HttpOperation("GET", upstream.url().toString(), "/export", List.of(),
                    null))
                .build(),
            adapter.handler(null))
        .build();
    long started = System.nanoTime();

    JsonNode result = TestClient.connect(gateway).callTool("export", "{}");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString())
        .startsWith("The upstream API did not answer export within 30 s");
    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter()).isNotNull();
    assertThat(event.adapter().error()).isEqualTo("timeout");
    assertThat(event.adapter().latency()).isEqualTo(Duration.ofSeconds(31));
  }
}
