package dev.mcpgate.openapi.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAPI schema objects (3.0 and 3.1) into JSON Schema 2020-12.
 *
 * <p>Every {@code $ref} becomes a reference into the tool schema's own {@code $defs}, so
 * recursive schemas stay finite. Each referenced schema is translated once per document and
 * direction, then shared by every tool that reaches it. Direction matters: request schemas lose
 * {@code readOnly} properties, response schemas lose {@code writeOnly} ones. Not thread-safe; one
 * per import.
 */
final class SchemaTranslator {

  /** Which side of the exchange a schema describes. */
  enum Mode {
    /** Sent by the caller: {@code readOnly} properties dropped. */
    REQUEST,
    /** Returned by the API: {@code writeOnly} properties dropped. */
    RESPONSE
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TYPES =
      Set.of("string", "number", "integer", "boolean", "array", "object", "null");
  private static final Set<String> SINGLE_SCHEMA = Set.of("additionalProperties", "not", "if",
      "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems",
      "contentSchema", "additionalItems");
  private static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "patternProperties", "dependentSchemas");
  private static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
  private static final Set<String> DROPPED = Set.of("discriminator", "xml", "externalDocs",
      "nullable", "example", "$id", "$schema", "$anchor", "$dynamicAnchor", "$dynamicRef",
      "$defs", "definitions", "$vocabulary", "id", "$recursiveRef", "$recursiveAnchor");
  private static final Set<String> NON_NEGATIVE = Set.of("minLength", "maxLength", "minItems",
      "maxItems", "minProperties", "maxProperties", "minContains", "maxContains");
  private static final Set<String> NUMBERS = Set.of("minimum", "maximum", "multipleOf");
  private static final Set<String> STRINGS = Set.of("title", "description", "pattern", "format",
      "contentMediaType", "contentEncoding", "$comment");
  private static final Set<String> BOOLEANS =
      Set.of("uniqueItems", "readOnly", "writeOnly", "deprecated");
  private static final int MAX_INLINE_DEPTH = 256;
  private static final JsonNode DEEPER =
      NODES.objectNode().put("description", "(not expanded: nested too deeply)");
  private static final JsonNode LARGER =
      NODES.objectNode().put("description", "(not expanded: schema too large)");

  /** A translated referenced schema and the definitions it references directly. */
  private record Def(JsonNode schema, Set<String> refs) {}

  /** A tool schema's definitions, and a note when some were cut at the depth limit. */
  record Closure(Map<String, JsonNode> defs, boolean cut) {}

  private final Documents documents;
  private final boolean openApi31;
  private final int maxRefDepth;
  private final Map<String, String> names = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private final Map<String, Documents.Target> targets = new HashMap<>();
  private final Map<Mode, Map<String, Def>> defs = new HashMap<>();
  private final Map<String, Integer> sizes = new HashMap<>();
  private final ArrayDeque<Job> pending = new ArrayDeque<>();

  /** A referenced schema waiting to be translated (a queue, not recursion: chains are long). */
  private record Job(String name, Mode mode) {}

  SchemaTranslator(Documents documents, boolean openApi31, int maxRefDepth) {
    this.documents = documents;
    this.openApi31 = openApi31;
    this.maxRefDepth = maxRefDepth;
    defs.put(Mode.REQUEST, new HashMap<>());
    defs.put(Mode.RESPONSE, new HashMap<>());
  }

  /**
   * Translates a schema found in a document.
   *
   * @param doc the document holding it (relative references start there)
   * @param schema the OpenAPI schema object
   * @param mode request or response
   * @param refs receives the names of the definitions it references directly
   * @return a new JSON Schema 2020-12 node, never shared
   * @throws IllegalArgumentException if a reference cannot be resolved or the schema is absurd
   */
  JsonNode translate(Documents.Doc doc, JsonNode schema, Mode mode, Set<String> refs) {
    JsonNode out = translate(doc, schema, mode, refs, 0);
    drain();
    return out;
  }

  /**
   * The definitions reachable from some references, following references at most
   * {@code maxRefDepth} deep and keeping at most {@code maxChars} of JSON text; the others are
   * replaced by an unconstrained schema.
   */
  Closure closure(Set<String> roots, Mode mode, long maxChars) {
    Map<String, Def> known = defs.get(mode);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    for (String root : roots) {
      if (depth.putIfAbsent(root, 1) == null) {
        queue.add(root);
      }
    }
    boolean cut = false;
    long chars = 0;
    while (!queue.isEmpty()) {
      String name = queue.poll();
      int d = depth.get(name);
      Def def = known.get(name);
      if (def == null) {
        throw new IllegalArgumentException("schema '" + name + "' could not be translated");
      }
      if (d > maxRefDepth) {
        out.put(name, DEEPER);
        cut = true;
        continue;
      }
      if (maxChars < Long.MAX_VALUE) {
        chars += size(name, mode, def);
        if (chars > maxChars && out.size() > 0) {
          out.put(name, LARGER);
          cut = true;
          continue;
        }
      }
      out.put(name, def.schema());
      for (String next : def.refs()) {
        if (depth.putIfAbsent(next, d + 1) == null) {
          queue.add(next);
        }
      }
    }
    return new Closure(out, cut);
  }

  private int size(String name, Mode mode, Def def) {
    return sizes.computeIfAbsent(mode + name,
        key -> DocumentParser.JSON.writeValueAsString(def.schema()).length());
  }

  /** The translated definition of a name, for inspecting a reference's target. */
  JsonNode definition(String name, Mode mode) {
    Def def = defs.get(mode).get(name);
    return def == null ? NODES.objectNode() : def.schema();
  }

  private void drain() {
    while (!pending.isEmpty()) {
      Job job = pending.poll();
      String name = job.name();
      Mode mode = job.mode();
      Documents.Target target = targets.get(name);
      Set<String> refs = new LinkedHashSet<>();
      JsonNode schema;
      try {
        schema = translate(target.doc(), target.node(), mode, refs, 0);
      } catch (IllegalArgumentException e) {
        defs.get(mode).remove(name);
        throw e;
      }
      defs.get(mode).put(name, new Def(schema, refs));
    }
  }

  private String reference(Documents.Doc doc, String ref, Mode mode) {
    Documents.Target target = documents.resolve(doc, ref);
    String key = target.key();
    String name = names.get(key);
    if (name == null) {
      name = uniqueName(target.pointer().isEmpty()
          ? target.doc().id() : target.pointer().substring(target.pointer().lastIndexOf('/') + 1));
      names.put(key, name);
      targets.put(name, target);
    }
    Map<String, Def> known = defs.get(mode);
    if (!known.containsKey(name)) {
      known.put(name, new Def(NODES.objectNode(), Set.of()));
      pending.add(new Job(name, mode));
    }
    return name;
  }

  private String uniqueName(String raw) {
    int slash = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
    String base = raw.substring(slash + 1).replaceAll("[^A-Za-z0-9_.-]", "_");
    if (base.isEmpty()) {
      base = "schema";
    }
    String name = base;
    for (int i = 2; !usedNames.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private JsonNode translate(
      Documents.Doc doc, JsonNode schema, Mode mode, Set<String> refs, int depth) {
    if (depth > MAX_INLINE_DEPTH) {
      throw new IllegalArgumentException("schema nested more than " + MAX_INLINE_DEPTH + " deep");
    }
    if (schema.isBoolean()) {
      return schema;
    }
    if (!schema.isObject()) {
      return NODES.objectNode();
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isString()) {
      String name = reference(doc, ref.stringValue(), mode);
      refs.add(name);
      ObjectNode out;
      if (openApi31 && schema.size() > 1) {
        ObjectNode rest = ((ObjectNode) schema).deepCopy();
        rest.remove("$ref");
        JsonNode translated = translate(doc, rest, mode, refs, depth + 1);
        out = translated.isObject() ? (ObjectNode) translated : NODES.objectNode();
      } else {
        out = NODES.objectNode();
        JsonNode description = schema.get("description");
        String text = description != null && description.isString()
            ? Text.clean(description.stringValue(), Text.MAX_DESCRIPTION) : null;
        if (text != null) {
          out.put("description", text);
        }
      }
      out.put("$ref", "#/$defs/" + name);
      return out;
    }
    ObjectNode out = NODES.objectNode();
    Set<String> dropped = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : schema.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (key.startsWith("x-") || DROPPED.contains(key)) {
        continue;
      }
      if (SCHEMA_MAPS.contains(key)) {
        if (value.isObject()) {
          ObjectNode map = out.putObject(key);
          for (Map.Entry<String, JsonNode> property : value.properties()) {
            if (key.equals("properties") && hidden(property.getValue(), mode)) {
              dropped.add(property.getKey());
              continue;
            }
            map.set(property.getKey(), translate(doc, property.getValue(), mode, refs, depth + 1));
          }
        }
      } else if (SCHEMA_ARRAYS.contains(key)) {
        if (value.isArray() && !value.isEmpty()) {
          ArrayNode array = out.putArray(key);
          for (JsonNode item : value.values()) {
            array.add(translate(doc, item, mode, refs, depth + 1));
          }
        }
      } else if (key.equals("items")) {
        if (value.isArray()) {
          if (!value.isEmpty()) {
            ArrayNode array = out.putArray("prefixItems");
            for (JsonNode item : value.values()) {
              array.add(translate(doc, item, mode, refs, depth + 1));
            }
          }
        } else {
          out.set(key, translate(doc, value, mode, refs, depth + 1));
        }
      } else if (SINGLE_SCHEMA.contains(key)) {
        if (key.equals("additionalItems")) {
          continue;
        }
        out.set(key, translate(doc, value, mode, refs, depth + 1));
      } else if (key.equals("type")) {
        JsonNode type = type(value);
        if (type != null) {
          out.set(key, type);
        }
      } else if (key.equals("required")) {
        if (value.isArray()) {
          ArrayNode required = NODES.arrayNode();
          Set<String> seen = new HashSet<>();
          for (JsonNode item : value.values()) {
            if (item.isString() && seen.add(item.stringValue())) {
              required.add(item);
            }
          }
          out.set(key, required);
        }
      } else if (key.equals("enum")) {
        if (value.isArray()) {
          out.set(key, value);
        }
      } else if (key.equals("examples")) {
        if (value.isArray()) {
          out.set(key, value);
        }
      } else if (key.equals("exclusiveMinimum") || key.equals("exclusiveMaximum")) {
        if (value.isNumber()) {
          out.set(key, value);
        }
      } else if (key.equals("dependentRequired")) {
        if (value.isObject()) {
          out.set(key, value);
        }
      } else if (NON_NEGATIVE.contains(key)) {
        if (value.isIntegralNumber() && value.asLong() >= 0) {
          out.set(key, value);
        }
      } else if (NUMBERS.contains(key)) {
        if (value.isNumber() && (!key.equals("multipleOf") || value.asDouble() > 0)) {
          out.set(key, value);
        }
      } else if (key.equals("description") || key.equals("title")) {
        // Descriptions reach the model: cleaned like the tool's own.
        String text = value.isString() ? Text.clean(value.stringValue(),
            key.equals("title") ? Text.MAX_TITLE : Text.MAX_DESCRIPTION) : null;
        if (text != null) {
          out.put(key, text);
        }
      } else if (STRINGS.contains(key)) {
        if (value.isString()) {
          out.set(key, value);
        }
      } else if (BOOLEANS.contains(key)) {
        if (value.isBoolean()) {
          out.set(key, value);
        }
      } else if (!key.startsWith("$")) {
        out.set(key, value);
      }
    }
    exclusive(schema, out, "exclusiveMinimum", "minimum");
    exclusive(schema, out, "exclusiveMaximum", "maximum");
    JsonNode example = schema.get("example");
    if (example != null && !out.has("examples") && !(example.isNull() && !schema.has("nullable"))) {
      out.putArray("examples").add(example);
    }
    JsonNode required = out.get("required");
    if (required != null && !dropped.isEmpty()) {
      ArrayNode kept = NODES.arrayNode();
      for (JsonNode item : required.values()) {
        if (!dropped.contains(item.stringValue())) {
          kept.add(item);
        }
      }
      out.set("required", kept);
    }
    JsonNode nullable = schema.get("nullable");
    if (!openApi31 && nullable != null && nullable.isBoolean() && nullable.booleanValue()) {
      return nullable(out);
    }
    return out;
  }

  private static boolean hidden(JsonNode property, Mode mode) {
    String flag = mode == Mode.REQUEST ? "readOnly" : "writeOnly";
    JsonNode value = property.get(flag);
    return value != null && value.isBoolean() && value.booleanValue();
  }

  private static JsonNode type(JsonNode value) {
    if (value.isString()) {
      return TYPES.contains(value.stringValue()) ? value : null;
    }
    if (value.isArray()) {
      ArrayNode types = NODES.arrayNode();
      Set<String> seen = new HashSet<>();
      for (JsonNode item : value.values()) {
        if (item.isString() && TYPES.contains(item.stringValue()) && seen.add(item.stringValue())) {
          types.add(item);
        }
      }
      return types.isEmpty() ? null : types;
    }
    return null;
  }

  /** OpenAPI 3.0's boolean exclusiveMinimum/Maximum become 2020-12's numeric form. */
  private static void exclusive(JsonNode schema, ObjectNode out, String keyword, String bound) {
    JsonNode flag = schema.get(keyword);
    if (flag == null || !flag.isBoolean()) {
      return;
    }
    JsonNode value = out.get(bound);
    if (flag.booleanValue() && value != null) {
      out.remove(bound);
      out.set(keyword, value);
    }
  }

  private static JsonNode nullable(ObjectNode out) {
    JsonNode type = out.get("type");
    if (type != null && type.isString()) {
      ArrayNode types = NODES.arrayNode();
      types.add(type);
      types.add("null");
      out.set("type", types);
      addNullToEnum(out);
      return out;
    }
    if (type != null && type.isArray()) {
      boolean hasNull = false;
      for (JsonNode item : type.values()) {
        hasNull |= item.stringValue().equals("null");
      }
      if (!hasNull) {
        ((ArrayNode) type).add("null");
      }
      addNullToEnum(out);
      return out;
    }
    if (out.isEmpty()) {
      return out;
    }
    ObjectNode either = NODES.objectNode();
    ArrayNode anyOf = either.putArray("anyOf");
    anyOf.add(out);
    anyOf.addObject().put("type", "null");
    return either;
  }

  private static void addNullToEnum(ObjectNode out) {
    JsonNode values = out.get("enum");
    if (values != null && values.isArray()) {
      for (JsonNode item : values.values()) {
        if (item.isNull()) {
          return;
        }
      }
      ArrayNode copy = ((ArrayNode) values).deepCopy();
      copy.addNull();
      out.set("enum", copy);
    }
  }

  /**
   * A translated schema as an object schema that can take a description: {@code true} becomes
   * {@code {}}, {@code false} becomes {@code {"not": {}}}.
   */
  static ObjectNode asObject(JsonNode translated) {
    if (translated.isObject()) {
      return (ObjectNode) translated;
    }
    ObjectNode node = NODES.objectNode();
    if (translated.isBoolean() && !translated.booleanValue()) {
      node.putObject("not");
    }
    return node;
  }

  /** Whether a translated schema says nothing but "an object with no properties". */
  static boolean isEmptyObject(JsonNode translated) {
    if (!translated.isObject()) {
      return false;
    }
    for (String key : translated.propertyNames()) {
      switch (key) {
        case "type", "additionalProperties", "description", "title" -> { }
        case "properties" -> {
          if (!translated.get(key).isEmpty()) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a translated schema (following a reference) certainly describes an object. */
  boolean isObject(JsonNode schema, Mode mode) {
    return isObject(schema, mode, 0);
  }

  private boolean isObject(JsonNode schema, Mode mode, int depth) {
    if (depth > 32 || !schema.isObject()) {
      return false;
    }
    JsonNode type = schema.get("type");
    if (type != null) {
      return type.isString() && type.stringValue().equals("object");
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isString() && ref.stringValue().startsWith("#/$defs/")) {
      return isObject(definition(ref.stringValue().substring(8), mode), mode, depth + 1);
    }
    JsonNode allOf = schema.get("allOf");
    if (allOf != null && allOf.isArray()) {
      for (JsonNode part : allOf.values()) {
        if (isObject(part, mode, depth + 1)) {
          return true;
        }
      }
    }
    return schema.has("properties") && !schema.has("anyOf") && !schema.has("oneOf");
  }
}
