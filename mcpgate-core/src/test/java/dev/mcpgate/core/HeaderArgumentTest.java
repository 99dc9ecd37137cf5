package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A header-bound argument that HTTP/1.1 cannot carry (a character outside ISO-8859-1, CR, LF,
 * NUL) is the caller's invalid argument: nothing is sent, the credential is never resolved, and
 * the answer names the argument, never its value.
 */
class HeaderArgumentTest {

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"note\":{\"type\":\"string\"}},\"required\":[\"note\"],\"additionalProperties\":false}";
  private static final CredentialBinding KEY = new CredentialBinding(
      "orders-key", AuthKind.API_KEY, "memory:orders", Map.of(),
      Map.of("in", "header", "name", "X-Api-Key"));

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final FakeUpstream upstream = UpstreamCallTest.startServer();
  private final UpstreamCallTest.CountingResolver resolver = new UpstreamCallTest.CountingResolver();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final HttpUpstream adapter = HttpUpstream.builder().credentials(resolver)
      .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build()).build();
  private final TestClient client = TestClient.connect(McpGateway.builder()
      .auditSink(audit)
      .tool(ToolDefinition.builder("annotate").inputSchema(SCHEMA)
          .http(new HttpOperation("GET", upstream.url().toString(), "/notes", List.of(
              new ParameterBinding("note", Location.HEADER, "X-Note", null, null, true)), null))
          .build(), adapter.handler(KEY))
      .build());

  @AfterEach
  void stop() {
    upstream.close();
    adapter.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"price in \u20ac", "two\r\nX-Injected: yes", "line\nbreak",
      "nul\u0000byte"})
  void anUnsendableHeaderArgumentIsInvalidAndNothingIsSent(String note) {
    JsonNode result = client.callTool("annotate", "{\"note\":" + JSON.writeValueAsString(note) + "}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    String text = result.at("/content/0/text").asString();
    assertThat(text).startsWith("Invalid arguments for tool annotate:").contains("'note'")
        .doesNotContain(note).doesNotContain("credential");
    assertThat(upstream.requests()).as("upstream requests").isEmpty();
    assertThat(resolver.resolves).as("credential resolutions").hasValue(0);
    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.INVALID);
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
    assertThat(event.gates()).last().satisfies(last -> {
      assertThat(last.gate()).isEqualTo(GateId.REQUEST);
      assertThat(last.passed()).isFalse();
    });
  }

  @Test
  void aLatin1HeaderArgumentIsSent() {
    JsonNode result = client.callTool("annotate", "{\"note\":\"caf\u00e9\"}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(upstream.onlyRequest().header("X-Note")).isPresent();
    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.OK);
  }
}
