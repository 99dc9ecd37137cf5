package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
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

/**
 * The upstream adapter reads time from what its builder was given: signatures carry the clock's
 * time, and the latency in the audit trail is measured by the ticker.
 */
class UpstreamInjectedTimeTest {

  private static final Clock SIGNING_TIME =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final CredentialBinding IAM = new CredentialBinding("aws", AuthKind.AWS_SIG_V4,
      "memory:aws", Map.of(), Map.of("region", "us-east-1", "service", "iam"));

  private final FakeUpstream upstream =
      FakeUpstream.start().otherwise(FakeUpstream.Answer.json(200, "{\"ok\":true}"));
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicLong nanos = new AtomicLong();
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
        // Every reading is 7 ms after the one before: an upstream call reads it twice.
        .ticker(() -> nanos.addAndGet(Duration.ofMillis(7).toNanos()))
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
}
