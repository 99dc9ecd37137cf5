package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks that generated schemas are valid JSON Schema 2020-12 and usable by the engine. */
final class SchemaChecks {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Schema META_SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private SchemaChecks() {}

  /** Every input and output schema validates against the 2020-12 meta-schema. */
  static void assertValidSchemas(List<ToolDefinition> tools) {
    for (ToolDefinition tool : tools) {
      assertValid(tool.name(), tool.inputSchema());
      if (tool.outputSchema() != null) {
        assertValid(tool.name(), tool.outputSchema());
      }
    }
  }

  private static void assertValid(String tool, String schema) {
    JsonNode node = JSON.readTree(schema);
    assertThat(node.path("type").asString()).as(tool).isEqualTo("object");
    assertThat(META_SCHEMA.validate(node)).as(tool + ": " + schema).isEmpty();
  }

  /** An engine accepts (and so compiles) every tool. */
  static void assertRegistrable(List<ToolDefinition> tools) {
    McpGateway.Builder builder = McpGateway.builder();
    for (ToolDefinition tool : tools) {
      builder.tool(tool, call -> ToolResult.text("x"));
    }
    assertThat(builder.build().tools()).isNotNull();
  }
}
