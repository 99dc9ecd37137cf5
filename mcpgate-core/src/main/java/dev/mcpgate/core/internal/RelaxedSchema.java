package dev.mcpgate.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lenient form of an output schema: the shape a description promises, without the promises
 * real answers break most often.
 *
 * <p>Kept: properties and their descriptions and titles, objects and arrays, references and
 * their definitions, {@code allOf} and {@code anyOf}. Dropped: {@code required}, closed objects
 * ({@code additionalProperties: false}, {@code unevaluated*}, {@code propertyNames}),
 * enumerations and constants, patterns and formats, length, size and range bounds, {@code
 * uniqueItems}, {@code contains}, {@code not} and conditionals. {@code oneOf} becomes {@code
 * anyOf} (a value matching two branches is no drift worth refusing). Every value may be null,
 * and a scalar may be any scalar (ids that are numbers in one answer and strings in the next,
 * amounts sent as strings); the root stays {@code "type": "object"}, as MCP requires.
 *
 * <p>Stateless and thread-safe.
 */
public final class RelaxedSchema {

  /** Assertions dropped wherever they appear; their sub-schemas, if any, go with them. */
  private static final Set<String> DROPPED = Set.of(
      "required", "unevaluatedProperties", "unevaluatedItems", "propertyNames",
      "dependentRequired", "dependentSchemas", "dependencies", "minProperties", "maxProperties",
      "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
      "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
      "contains", "minContains", "maxContains", "not", "if", "then", "else", "contentEncoding",
      "contentMediaType", "contentSchema", "nullable");
  /** Keywords whose value is one sub-schema. */
  private static final Set<String> ONE = Set.of("additionalProperties", "items",
      "additionalItems");
  /** Keywords whose value is an array of sub-schemas. */
  private static final Set<String> MANY = Set.of("allOf", "anyOf", "prefixItems");
  /** Keywords whose value maps names to sub-schemas. */
  private static final Set<String> NAMED = Set.of("properties", "patternProperties", "$defs",
      "definitions");
  private static final List<String> SCALARS = List.of("string", "number", "boolean");

  private RelaxedSchema() {}

  /**
   * The lenient form of an output schema.
   *
   * @param schema an object schema ({@code "type": "object"} at its root)
   * @return a new schema; the argument is not changed
   */
  public static ObjectNode of(JsonNode schema) {
    ObjectNode root = (ObjectNode) relax(schema.deepCopy(), 0);
    root.put("type", "object");
    return root;
  }

  private static JsonNode relax(JsonNode schema, int depth) {
    if (schema.isBoolean()) {
      return schema.booleanValue() ? schema : Json.MAPPER.getNodeFactory().booleanNode(true);
    }
    if (!(schema instanceof ObjectNode node) || depth > Json.MAX_NESTING_DEPTH) {
      return schema;
    }
    for (String keyword : DROPPED) {
      node.remove(keyword);
    }
    JsonNode oneOf = node.remove("oneOf");
    if (oneOf != null && oneOf.isArray()) {
      if (node.has("anyOf")) {
        ArrayNode all = node.has("allOf") && node.get("allOf").isArray()
            ? (ArrayNode) node.get("allOf") : node.putArray("allOf");
        all.addObject().set("anyOf", oneOf);
      } else {
        node.set("anyOf", oneOf);
      }
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isBoolean()) {
      node.remove("additionalProperties");
    }
    widenType(node);
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
    for (Map.Entry<String, JsonNode> field : fields) {
      String keyword = field.getKey();
      JsonNode value = field.getValue();
      if (ONE.contains(keyword)) {
        node.set(keyword, value.isArray() ? relaxAll((ArrayNode) value, depth) : relax(value, depth + 1));
      } else if (MANY.contains(keyword) && value.isArray()) {
        relaxAll((ArrayNode) value, depth);
      } else if (NAMED.contains(keyword) && value instanceof ObjectNode named) {
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(named.properties())) {
          named.set(entry.getKey(), relax(entry.getValue(), depth + 1));
        }
      }
    }
    return node;
  }

  private static ArrayNode relaxAll(ArrayNode schemas, int depth) {
    for (int i = 0; i < schemas.size(); i++) {
      schemas.set(i, relax(schemas.get(i), depth + 1));
    }
    return schemas;
  }

  /** Adds null, and every scalar type to a scalar, keeping the declared types first. */
  private static void widenType(ObjectNode node) {
    JsonNode type = node.get("type");
    Set<String> types = new LinkedHashSet<>();
    if (type != null && type.isString()) {
      types.add(type.asString());
    } else if (type != null && type.isArray()) {
      type.forEach(item -> types.add(item.asString()));
    } else {
      return;
    }
    if (types.contains("string") || types.contains("number") || types.contains("integer")
        || types.contains("boolean")) {
      types.addAll(SCALARS);
    }
    types.add("null");
    ArrayNode widened = node.putArray("type");
    types.forEach(widened::add);
  }
}
