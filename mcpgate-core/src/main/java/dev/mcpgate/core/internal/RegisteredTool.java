package dev.mcpgate.core.internal;

import com.networknt.schema.Schema;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.ToolHandler;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * A tool ready to serve: its definition, its handler, its compiled input schema and the JSON it
 * is listed as, all prepared once at registration.
 *
 * <p>The listing is kept serialized, as UTF-8 bytes: a {@code tools/list} page copies each
 * tool's bytes into the response instead of walking and encoding its JSON tree again on every
 * listing.
 *
 * @param definition the definition
 * @param handler the handler
 * @param inputSchema the compiled input schema
 * @param listing the tool as {@code tools/list} shows it with its output schema as declared,
 *     serialized
 * @param output the tool's output schema in the forms it may be advertised in, or null when it
 *     has none
 */
public record RegisteredTool(
    ToolDefinition definition,
    AuditedToolHandler handler,
    Schema inputSchema,
    RawValue listing,
    @Nullable OutputContract output) {

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
    SerializedString listing =
        new SerializedString(Json.MAPPER.writeValueAsString(listing(definition, input, output)));
    listing.asUnquotedUTF8(); // encoded once here, and kept
    RawValue raw = new RawValue(listing);
    OutputContract contract =
        output == null ? null : new OutputContract(definition.outputSchema(), raw);
    return new RegisteredTool(
        definition, AuditedToolHandler.of(handler), compiled, raw, contract);
  }

  /**
   * This tool with a copy of its definition allocated now. A catalog copies the tools of a
   * registration one after the other in name order: a listing reads every tool's definition in
   * that order, and definitions that lie together in memory cost a fraction of the cache misses
   * of definitions scattered between their schemas (measured in docs/benchmarks.md).
   *
   * @return the same tool, with an equal definition
   */
  public RegisteredTool relocated() {
    ToolDefinition d = definition;
    // The name too: policies read its characters for every tool listed.
    String name = new String(d.name().toCharArray());
    ToolDefinition copy = new ToolDefinition(name, d.title(), d.description(), d.inputSchema(),
        d.outputSchema(), d.annotations(), d.source(), d.operationId(), new ArrayList<>(d.tags()),
        d.auth(), d.http(), d.metadata());
    return new RegisteredTool(copy, handler, inputSchema, listing, output);
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
