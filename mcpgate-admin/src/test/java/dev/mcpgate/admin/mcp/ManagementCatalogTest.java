package dev.mcpgate.admin.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.mcp.internal.ManagementEndpoint;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.store.ControlStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The management tools are the admin API's document, imported by mcpgate's own importer. */
class ManagementCatalogTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<ToolDefinition> served() {
    try (ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build()) {
      ManagementEndpoint endpoint = ManagementEndpoint.build(
          ManagementMcpConfig.builder(AdminApiConfig.builder(control).build()).build());
      try {
        return endpoint.tools();
      } finally {
        endpoint.close();
      }
    }
  }

  @Test
  void everyOperationOfTheDocumentIsATool() throws Exception {
    JsonNode document;
    try (InputStream in = getClass().getResourceAsStream("/dev/mcpgate/admin/admin-api.json")) {
      document = JSON.readTree(in);
    }
    List<String> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (operation.getValue().has("operationId")) {
          operations.add(operation.getValue().path("operationId").asString());
        }
      }
    }
    List<String> served = served().stream().map(ToolDefinition::name).toList();

    List<String> expected = new ArrayList<>(operations);
    expected.removeAll(List.of("getOpenApi", "getReady", "issueKey", "rotateKey",
        "createOperator"));
    expected.add("apply");
    assertThat(served).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void toolsCallTheAdminApiInProcessUnderItsMountPath() {
    ToolDefinition getSource = served().stream().filter(t -> t.name().equals("getSource"))
        .findFirst().orElseThrow();

    assertThat(getSource.http().serverUrl()).isEqualTo("http://localhost/admin");
    assertThat(getSource.http().pathTemplate()).isEqualTo("/api/v1/sources/{source}");
    assertThat(JSON.readTree(getSource.inputSchema()).path("required"))
        .extracting(JsonNode::asString).contains("source");
  }

  @Test
  void aChangeToolTakesNeitherDryRunNorAnIdempotencyKeyThePlanSetsThem() {
    ToolDefinition createClient = served().stream()
        .filter(t -> t.name().equals("createClient")).findFirst().orElseThrow();

    JsonNode properties = JSON.readTree(createClient.inputSchema()).path("properties");
    assertThat(properties.has("dryRun")).isFalse();
    assertThat(properties.has("Idempotency-Key")).isFalse();
    assertThat(properties.has("body")).isTrue();
    assertThat(createClient.annotations().readOnly()).isTrue();
  }
}
