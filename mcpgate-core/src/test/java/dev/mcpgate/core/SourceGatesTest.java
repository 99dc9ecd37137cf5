package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Gates 1 and 2: a tool is served only while its source is approved and its operation selected. */
class SourceGatesTest {

  private final Tools.Counting handler = new Tools.Counting();
  private final RecordingAuditSink audit = new RecordingAuditSink();

  private static ToolDefinition imported(String name, String source, String operationId) {
    return ToolDefinition.builder(name).source(source).operationId(operationId).build();
  }

  private TestClient client(Source... sources) {
    McpGateway.Builder builder = McpGateway.builder().auditSink(audit)
        .tool(imported("list_orders", "orders", "listOrders"), handler)
        .tool(imported("delete_order", "orders", "deleteOrder"), handler)
        .tool(ToolDefinition.builder("java_tool").build(), handler);
    for (Source source : sources) {
      builder.source(source);
    }
    return TestClient.connect(builder.build());
  }

  private static Set<String> listed(TestClient client) {
    JsonNode tools = client.request("tools/list", "{}").at("/result/tools");
    Set<String> names = new java.util.TreeSet<>();
    tools.forEach(tool -> names.add(tool.path("name").asString()));
    return names;
  }

  private static void assertUnknown(TestClient client, String tool) {
    JsonNode response = client.request("tools/call", "{\"name\":\"" + tool + "\"}");
    assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(response.at("/error/message").asString()).isEqualTo("Unknown tool: " + tool);
  }

  @Test
  void aToolFromASourceTheGatewayDoesNotKnowIsNeitherListedNorCallable() {
    TestClient client = client();

    assertThat(listed(client)).containsExactly("java_tool");
    assertUnknown(client, "list_orders");
    assertThat(handler.calls()).isZero();
    assertThat(audit.only("tools/call").gates()).last()
        .isEqualTo(new GateOutcome(GateId.SOURCE_APPROVED, false, "unknown source"));
  }

  @Test
  void aPendingSourceServesNothingUntilApproved() {
    TestClient client = client(Source.pending("orders"));

    assertThat(listed(client)).containsExactly("java_tool");
    assertUnknown(client, "list_orders");
    assertThat(audit.only("tools/call").gates()).last()
        .isEqualTo(new GateOutcome(GateId.SOURCE_APPROVED, false, "source not approved"));
  }

  @Test
  void onlySelectedOperationsAreServed() {
    TestClient client = client(Source.approved("orders").selecting(Set.of("listOrders")));

    assertThat(listed(client)).containsExactly("java_tool", "list_orders");
    assertUnknown(client, "delete_order");
    AuditEvent event = audit.only("tools/call");
    assertThat(event.gates()).last()
        .isEqualTo(new GateOutcome(GateId.OPERATION_SELECTED, false, "operation not selected"));
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);

    assertThat(client.callTool("list_orders", "{}").has("isError")).isFalse();
    assertThat(handler.calls()).isEqualTo(1);
  }

  @Test
  void withdrawingAnApprovalTakesEffectOnTheNextRequestAndTellsListeners() {
    McpGateway gateway = McpGateway.builder()
        .source(Source.approved("orders"))
        .tool(imported("list_orders", "orders", "listOrders"), handler)
        .build();
    AtomicInteger changes = new AtomicInteger();
    gateway.tools().onChange(changes::incrementAndGet);
    TestClient client = TestClient.connect(gateway);
    assertThat(listed(client)).containsExactly("list_orders");

    gateway.sources().put(Source.pending("orders"));

    assertThat(changes).hasValue(1);
    assertThat(listed(client)).isEmpty();
    assertUnknown(client, "list_orders");
    assertThat(handler.calls()).isZero();
  }

  @Test
  void aToolWithoutAnOperationIdIsServedOnlyWhenEveryOperationIsSelected() {
    Source some = Source.approved("orders").selecting(Set.of("listOrders"));

    assertThat(some.selects(null)).isFalse();
    assertThat(Source.approved("orders").selects(null)).isTrue();
  }
}
