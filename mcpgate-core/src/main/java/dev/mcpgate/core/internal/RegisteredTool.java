package dev.mcpgate.core.internal;

import com.networknt.schema.Schema;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.ToolHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool ready to serve: its definition, its handler, its compiled input schema and the JSON it
 * is listed as, all prepared once at registration.
 *
 * @param definition the definition
 * @param handler the handler
 * @param inputSchema the compiled input schema
 * @param listing the tool as {@code tools/list} shows it
 */
public record RegisteredTool(
    ToolDefinition definition, ToolHandler handler, Schema inputSchema, ObjectNode listing) {

  /**
   * The tool's name.
   *
   * @return the name
   */
  public String name() {
    return definition.name();
  }

  /**
   * Checks and prepares a tool.
   *
   * @param definition the definition
   * @param handler the handler
   * @param compiler compiles the input schema
   * @return the prepared tool
   * @throws IllegalArgumentException if a schema is not valid JSON, not an object, or does not
   *     compile
   */
  public static RegisteredTool prepare(
      ToolDefinition definition, ToolHandler handler, SchemaCompiler compiler) {
    String name = definition.name();
    JsonNode input = parseObject(name, "input", definition.inputSchema());
    JsonNode output =
        definition.outputSchema() == null
            ? null
            : parseObject(name, "output", definition.outputSchema());
    Schema compiled;
    try {
      compiled = compiler.compile(input);
      if (output != null) {
        compiler.compile(output);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tool '" + name + "': " + e.getMessage(), e);
    }
    return new RegisteredTool(definition, handler, compiled, listing(definition, input, output));
  }

  private static JsonNode parseObject(String tool, String which, String json) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "tool '" + tool + "': the " + which + " schema is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
    if (!node.isObject() || !"object".equals(node.path("type").asString(""))) {
      throw new IllegalArgumentException(
          "tool '" + tool + "': the " + which + " schema must be an object schema (\"type\": \"object\")");
    }
    return node;
  }

  private static ObjectNode listing(
      ToolDefinition definition, JsonNode input, @Nullable JsonNode output) {
    ObjectNode tool = Json.MAPPER.createObjectNode();
    tool.put("name", definition.name());
    if (definition.title() != null) {
      tool.put("title", definition.title());
    }
    if (definition.description() != null) {
      tool.put("description", definition.description());
    }
    tool.set("inputSchema", input);
    if (output != null) {
      tool.set("outputSchema", output);
    }
    ToolAnnotations hints = definition.annotations();
    if (!hints.isEmpty() || definition.title() != null) {
      ObjectNode annotations = tool.putObject("annotations");
      if (definition.title() != null) {
        annotations.put("title", definition.title());
      }
      putIfSet(annotations, "readOnlyHint", hints.readOnly());
      putIfSet(annotations, "destructiveHint", hints.destructive());
      putIfSet(annotations, "idempotentHint", hints.idempotent());
      putIfSet(annotations, "openWorldHint", hints.openWorld());
    }
    return tool;
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable Boolean value) {
    if (value != null) {
      node.put(field, value.booleanValue());
    }
  }
}
