package dev.mcpgate.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A fast check that a value conforms to a JSON Schema written only with the keywords of a shape:
 * {@code type}, {@code properties}, {@code additionalProperties}, {@code items} (one schema),
 * {@code required}, {@code allOf}, {@code anyOf}, local {@code $ref}s into {@code $defs} or
 * {@code definitions}, and annotations ({@code description}, {@code title} ...). Every relaxed
 * output schema ({@link RelaxedSchema}) of an imported operation without pattern properties or
 * tuples is such a schema, and so are many declared ones.
 *
 * <p>It answers {@code true} only when the value surely conforms (as the full validator would
 * find); {@code false} means "not sure", and the caller then asks the full validator, which also
 * says what does not conform. So it can only save work, never change an answer: a value it is
 * unsure of (an integer written {@code 1.0}, a reference chain that never reaches a value) goes
 * the long way. A schema with any other keyword gets no check at all ({@link #of} answers null).
 *
 * <p>Built once per schema; immutable once built, and thread-safe.
 */
final class ShapeCheck {

  /** Keywords that assert nothing. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "examples",
      "example", "default", "deprecated", "readOnly", "writeOnly", "$comment");
  /** How many references may be followed in a row without reaching into the value. */
  private static final int MAX_HOPS = 32;

  private static final int OBJECT = 1;
  private static final int ARRAY = 2;
  private static final int STRING = 4;
  private static final int NUMBER = 8;
  private static final int INTEGER = 16;
  private static final int BOOLEAN = 32;
  private static final int NULL = 64;
  private static final int ANY = 127;
  private static final Map<String, Integer> TYPES = Map.of("object", OBJECT, "array", ARRAY,
      "string", STRING, "number", NUMBER, "integer", INTEGER, "boolean", BOOLEAN, "null", NULL);

  /** One schema of the shape. Filled while the tree is built, never changed after. */
  private static final class Node {
    int types = ANY;
    boolean rejectsAll;
    @Nullable Map<String, Node> properties;
    /** For names not in {@code properties}; null accepts any. */
    @Nullable Node additional;
    boolean additionalRejected;
    @Nullable Node items;
    String[] required = new String[0];
    Node[] allOf = new Node[0];
    Node @Nullable [] anyOf;
    @Nullable Node ref;
  }

  private final Node root;

  private ShapeCheck(Node root) {
    this.root = root;
  }

  /**
   * The check of a schema, or null when the schema uses a keyword outside the shape's.
   *
   * @param schema the schema document
   * @return the check, or null
   */
  static @Nullable ShapeCheck of(JsonNode schema) {
    Builder builder = new Builder(schema);
    Node root = builder.node(schema, 0);
    return root == null ? null : new ShapeCheck(root);
  }

  /**
   * Whether a value surely conforms.
   *
   * @param value the value
   * @return true if it conforms; false if it may not
   */
  boolean accepts(JsonNode value) {
    return accepts(root, value, 0, 0);
  }

  private static boolean accepts(Node node, JsonNode value, int hops, int depth) {
    if (node.rejectsAll || hops > MAX_HOPS || depth > Json.MAX_NESTING_DEPTH) {
      return false;
    }
    if (node.types != ANY && (node.types & typeOf(value)) == 0) {
      return false;
    }
    if (node.ref != null && !accepts(node.ref, value, hops + 1, depth)) {
      return false;
    }
    for (Node each : node.allOf) {
      if (!accepts(each, value, hops + 1, depth)) {
        return false;
      }
    }
    if (node.anyOf != null) {
      boolean any = false;
      for (Node each : node.anyOf) {
        if (accepts(each, value, hops + 1, depth)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (value.isObject()) {
      for (String name : node.required) {
        if (!value.has(name)) {
          return false;
        }
      }
      if (node.properties != null || node.additional != null || node.additionalRejected) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          Node property = node.properties == null ? null : node.properties.get(field.getKey());
          if (property == null) {
            if (node.additionalRejected) {
              return false;
            }
            property = node.additional;
          }
          if (property != null && !accepts(property, field.getValue(), 0, depth + 1)) {
            return false;
          }
        }
      }
    } else if (value.isArray() && node.items != null) {
      for (JsonNode item : value) {
        if (!accepts(node.items, item, 0, depth + 1)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The type bit of a value; 0 for a kind of node no JSON text yields. */
  private static int typeOf(JsonNode value) {
    if (value.isObject()) {
      return OBJECT;
    }
    if (value.isArray()) {
      return ARRAY;
    }
    if (value.isString()) {
      return STRING;
    }
    if (value.isIntegralNumber()) {
      return NUMBER | INTEGER;
    }
    if (value.isNumber()) {
      // 1.0 is an integer to JSON Schema; whether the validator agrees is not this check's to say.
      return NUMBER;
    }
    if (value.isBoolean()) {
      return BOOLEAN;
    }
    return value.isNull() ? NULL : 0;
  }

  /** Builds the nodes of one schema document, each referenced definition once. */
  private static final class Builder {
    private final JsonNode document;
    private final Map<String, Node> definitions = new HashMap<>();

    Builder(JsonNode document) {
      this.document = document;
    }

    /** The node of a schema; null if it uses a keyword outside the shape's. */
    @Nullable Node node(JsonNode schema, int depth) {
      if (depth > Json.MAX_NESTING_DEPTH) {
        return null;
      }
      Node node = new Node();
      if (schema.isBoolean()) {
        node.rejectsAll = !schema.booleanValue();
        return node;
      }
      if (!schema.isObject()) {
        return null;
      }
      for (Map.Entry<String, JsonNode> entry : schema.properties()) {
        if (!keyword(node, entry.getKey(), entry.getValue(), depth, depth == 0)) {
          return null;
        }
      }
      return node;
    }

    private boolean keyword(Node node, String keyword, JsonNode value, int depth, boolean root) {
      if (ANNOTATIONS.contains(keyword)) {
        return true;
      }
      switch (keyword) {
        case "type" -> {
          return types(node, value);
        }
        case "properties" -> {
          if (!value.isObject()) {
            return false;
          }
          Map<String, Node> properties = new HashMap<>();
          for (Map.Entry<String, JsonNode> property : value.properties()) {
            Node child = node(property.getValue(), depth + 1);
            if (child == null) {
              return false;
            }
            properties.put(property.getKey(), child);
          }
          node.properties = properties;
          return true;
        }
        case "additionalProperties" -> {
          if (value.isBoolean()) {
            node.additionalRejected = !value.booleanValue();
            return true;
          }
          node.additional = node(value, depth + 1);
          return node.additional != null;
        }
        case "items" -> {
          node.items = value.isArray() ? null : node(value, depth + 1);
          return node.items != null;
        }
        case "required" -> {
          if (!value.isArray()) {
            return false;
          }
          List<String> names = new ArrayList<>();
          for (JsonNode name : value) {
            if (!name.isString()) {
              return false;
            }
            names.add(name.asString());
          }
          node.required = names.toArray(String[]::new);
          return true;
        }
        case "allOf", "anyOf" -> {
          Node[] nodes = nodes(value, depth);
          if (nodes == null) {
            return false;
          }
          if (keyword.equals("allOf")) {
            node.allOf = nodes;
          } else {
            node.anyOf = nodes;
          }
          return true;
        }
        case "$ref" -> {
          node.ref = value.isString() ? definition(value.asString(), depth) : null;
          return node.ref != null;
        }
        case "$defs", "definitions" -> {
          // Only a definition a reference names is read, when it is named.
          return root && value.isObject();
        }
        default -> {
          return false;
        }
      }
    }

    private static boolean types(Node node, JsonNode value) {
      int types = 0;
      if (value.isString()) {
        Integer type = TYPES.get(value.asString());
        if (type == null) {
          return false;
        }
        types = type;
      } else if (value.isArray() && !value.isEmpty()) {
        for (JsonNode each : value) {
          Integer type = each.isString() ? TYPES.get(each.asString()) : null;
          if (type == null) {
            return false;
          }
          types |= type;
        }
      } else {
        return false;
      }
      node.types = types;
      return true;
    }

    private Node @Nullable [] nodes(JsonNode value, int depth) {
      if (!value.isArray() || value.isEmpty()) {
        return null;
      }
      Node[] nodes = new Node[value.size()];
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = node(value.get(i), depth + 1);
        if (nodes[i] == null) {
          return null;
        }
      }
      return nodes;
    }

    /** The node a local reference names, built once; null if it names anything else. */
    private @Nullable Node definition(String ref, int depth) {
      Node known = definitions.get(ref);
      if (known != null) {
        return known;
      }
      String container;
      if (ref.startsWith("#/$defs/")) {
        container = "$defs";
      } else if (ref.startsWith("#/definitions/")) {
        container = "definitions";
      } else {
        return null;
      }
      String name = ref.substring(container.length() + 3);
      // A name a JSON pointer and a URI fragment carry as it is; any other goes the long way.
      if (name.isEmpty() || !name.chars().allMatch(c -> c < 128
          && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'))) {
        return null;
      }
      JsonNode schema = document.path(container).get(name);
      if (schema == null || !(schema.isObject() || schema.isBoolean())) {
        return null;
      }
      // Registered before it is filled, so that a definition that refers to itself (a tree)
      // finds itself.
      Node node = new Node();
      definitions.put(ref, node);
      Node built = node(schema, depth + 1);
      if (built == null) {
        return null;
      }
      copy(built, node);
      return node;
    }

    private static void copy(Node from, Node to) {
      to.types = from.types;
      to.rejectsAll = from.rejectsAll;
      to.properties = from.properties;
      to.additional = from.additional;
      to.additionalRejected = from.additionalRejected;
      to.items = from.items;
      to.required = from.required;
      to.allOf = from.allOf;
      to.anyOf = from.anyOf;
      to.ref = from.ref;
    }
  }
}
