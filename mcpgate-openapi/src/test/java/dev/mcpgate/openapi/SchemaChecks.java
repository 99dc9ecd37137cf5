package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
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

  private static final Schema META =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private SchemaChecks() {}

  /**
   * The meta-schema violations of a schema.
   *
   * @param schemaJson the schema as JSON text
   * @return the errors; empty when valid
   */
  static List<String> metaErrors(String schemaJson) {
    List<Error> errors = META.validate(JSON.readTree(schemaJson));
    return errors.stream().map(Error::toString).toList();
  }

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @return the tree
   */
  static JsonNode tree(String json) {
    return JSON.readTree(json);
  }

  /** Every input and output schema is an object schema valid against the 2020-12 meta-schema. */
  static void assertValidSchemas(List<ToolDefinition> tools) {
    for (ToolDefinition tool : tools) {
      assertValid(tool.name(), tool.inputSchema());
      if (tool.outputSchema() != null) {
        assertValid(tool.name(), tool.outputSchema());
      }
    }
  }

  private static void assertValid(String tool, String schema) {
    assertThat(tree(schema).path("type").asString()).as(tool).isEqualTo("object");
    assertThat(metaErrors(schema)).as(tool + ": " + schema).isEmpty();
  }

  /** An engine accepts (and so compiles) every tool. */
  static void assertRegistrable(List<ToolDefinition> tools) {
    McpGateway.Builder builder = McpGateway.builder();
    for (ToolDefinition tool : tools) {
      builder.tool(tool, call -> ToolResult.text("x"));
    }
    assertThat(builder.build().tools().size()).isEqualTo(tools.size());
  }
}
