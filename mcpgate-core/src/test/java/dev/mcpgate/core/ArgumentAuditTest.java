package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.testkit.RecordingAuditSink;
import org.junit.jupiter.api.Test;

/** Argument values reach the audit trail only when opted in, and then redacted by field. */
class ArgumentAuditTest {

  private final RecordingAuditSink audit = new RecordingAuditSink();

  private TestClient client(ArgumentAudit arguments) {
    return TestClient.connect(McpGateway.builder()
        .auditSink(audit)
        .auditArguments(arguments)
        .tool(ToolDefinition.builder("pay").build(), Tools.echo())
        .build());
  }

  @Test
  void argumentValuesAreNotRecordedByDefault() {
    TestClient.connect(McpGateway.builder().auditSink(audit)
            .tool(ToolDefinition.builder("pay").build(), Tools.echo()).build())
        .callTool("pay", "{\"amount\":12,\"card\":\"4111111111111111\"}");

    assertThat(audit.only().details()).doesNotContainKey(ArgumentAudit.DETAIL);
    assertThat(audit.only().toString()).doesNotContain("4111111111111111");
  }

  @Test
  void optedInArgumentsAreRecordedWithNamedFieldsRedactedAtAnyDepth() {
    client(ArgumentAudit.redacting("card", "PASSWORD"))
        .callTool("pay", "{\"amount\":12,\"card\":\"4111111111111111\","
            + "\"payer\":{\"Password\":\"hunter2\",\"name\":\"Ann\"},"
            + "\"items\":[{\"card\":\"5500000000000004\"}]}");

    assertThat(audit.only().details().get(ArgumentAudit.DETAIL)).isEqualTo(
        "{\"amount\":12,\"card\":\"[redacted]\",\"payer\":{\"Password\":\"[redacted]\","
            + "\"name\":\"Ann\"},\"items\":[{\"card\":\"[redacted]\"}]}");
  }

  @Test
  void longArgumentsAreCut() {
    client(ArgumentAudit.redacting()).callTool("pay", "{\"note\":\"" + "x".repeat(10_000) + "\"}");

    String recorded = audit.only().details().get(ArgumentAudit.DETAIL);
    assertThat(recorded).hasSize(ArgumentAudit.MAX_LENGTH + 3).endsWith("...");
  }

  @Test
  void aBlankFieldNameIsRefused() {
    assertThatThrownBy(() -> ArgumentAudit.redacting(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
