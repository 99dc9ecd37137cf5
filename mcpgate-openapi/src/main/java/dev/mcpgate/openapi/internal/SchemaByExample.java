package dev.mcpgate.openapi.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Infers a JSON Schema (2020-12) from an example value, as Postman bodies and saved responses
 * are examples rather than schemas: types only, never the example's values, which may be real
 * data or credentials. Stateless and thread-safe.
 */
public final class SchemaByExample {

  /** Deeper examples are described as "anything": a bound against hostile nesting. */
  private static final int MAX_DEPTH = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SchemaByExample() {}

  /**
   * The schema of an example: objects list their properties (none required), arrays take
   * their items' schema from the first non-null element, numbers are {@code integer} when
   * integral, and {@code null} allows anything.
   *
   * @param example the example value
   * @return a new schema node
   */
  public static ObjectNode infer(JsonNode example) {
    return infer(example, 0);
  }

  private static ObjectNode infer(JsonNode example, int depth) {
    ObjectNode schema = NODES.objectNode();
    if (depth > MAX_DEPTH) {
      return schema;
    }
    if (example.isObject()) {
      schema.put("type", "object");
      ObjectNode properties = schema.putObject("properties");
      for (var field : example.properties()) {
        properties.set(field.getKey(), infer(field.getValue(), depth + 1));
      }
    } else if (example.isArray()) {
      schema.put("type", "array");
      for (JsonNode element : example) {
        if (!element.isNull()) {
          schema.set("items", infer(element, depth + 1));
          break;
        }
      }
    } else if (example.isString()) {
      schema.put("type", "string");
    } else if (example.isIntegralNumber()) {
      schema.put("type", "integer");
    } else if (example.isNumber()) {
      schema.put("type", "number");
    } else if (example.isBoolean()) {
      schema.put("type", "boolean");
    }
    return schema;
  }
}
