package dev.mcpgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The quick shape check never accepts what the full validator refuses, so using it first
 * changes no answer; and it does accept the ordinary conforming answer, so it saves the work.
 */
class ShapeCheckTest {

  private static final SchemaRegistry FULL = SchemaRegistry.withDefaultDialect(
      ClientFormats.dialect(),
      builder -> builder
          .schemaLoader(loader -> loader.fetchRemoteResources(false))
          .schemaRegistryConfig(
              SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
  private static final List<String> NAMES = List.of("id", "name", "tags", "owner", "price");
  private static final List<String> TYPES =
      List.of("object", "array", "string", "number", "integer", "boolean", "null");

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  private static boolean fullyValid(JsonNode schema, JsonNode value) {
    Schema compiled = FULL.getSchema(schema);
    compiled.initializeValidators();
    return SchemaCompiler.validate(compiled, value).isEmpty();
  }

  @Test
  void anImportedAnswerIsAcceptedByTheQuickCheckUnderBothForms() {
    JsonNode declared = json("""
        {"$ref":"#/$defs/Item","type":"object","$defs":{"Item":{"type":"object","properties":{
          "id":{"type":"string"},"price":{"type":"number"},
          "tags":{"type":"array","items":{"type":"string"}},
          "owner":{"$ref":"#/$defs/Owner"}},"required":["id"]},
          "Owner":{"type":"object","properties":{"team":{"type":"string"}}}}}
        """);
    JsonNode answer = json("{\"id\":\"17\",\"price\":19.99,\"tags\":[\"a\",\"b\"],"
        + "\"owner\":{\"team\":\"catalog\",\"email\":\"c@example.com\"},\"stock\":42}");

    assertThat(ShapeCheck.of(declared).accepts(answer)).isTrue();
    assertThat(ShapeCheck.of(RelaxedSchema.of(declared)).accepts(answer)).isTrue();
    assertThat(ShapeCheck.of(RelaxedSchema.of(declared))
        .accepts(json("{\"id\":17,\"price\":\"19.99\",\"tags\":null,\"owner\":null}")))
        .isTrue();
  }

  @Test
  void whatMayNotConformIsLeftToTheValidator() {
    ShapeCheck check = ShapeCheck.of(json("{\"type\":\"object\",\"properties\":{"
        + "\"count\":{\"type\":\"integer\"},\"items\":{\"type\":\"array\","
        + "\"items\":{\"type\":\"string\"}}},\"required\":[\"count\"],"
        + "\"additionalProperties\":false}"));

    assertThat(check.accepts(json("{\"count\":3,\"items\":[\"a\"]}"))).isTrue();
    assertThat(check.accepts(json("{\"count\":\"3\"}"))).isFalse();
    assertThat(check.accepts(json("{\"count\":3.0}"))).as("an integer written 3.0").isFalse();
    assertThat(check.accepts(json("{\"items\":[]}"))).as("required").isFalse();
    assertThat(check.accepts(json("{\"count\":3,\"items\":[1]}"))).isFalse();
    assertThat(check.accepts(json("{\"count\":3,\"extra\":true}"))).isFalse();
    assertThat(check.accepts(json("[]"))).isFalse();
  }

  @Test
  void aSchemaWithAKeywordOutsideTheShapeGetsNoQuickCheck() {
    for (String schema : List.of(
        "{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"string\",\"format\":\"date-time\"}}}",
        "{\"type\":\"object\",\"properties\":{\"kind\":{\"enum\":[\"a\",\"b\"]}}}",
        "{\"type\":\"object\",\"patternProperties\":{\"^x\":{\"type\":\"string\"}}}",
        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\",\"maxLength\":3}}}",
        "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"object\"}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/s.json\"}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/A~1B\"}},"
            + "\"$defs\":{\"A/B\":{\"type\":\"string\"}}}",
        "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"array\",\"items\":[{}]}}}")) {
      assertThat(ShapeCheck.of(json(schema))).as(schema).isNull();
    }
  }

  @Test
  void aReferenceThatNeverReachesAValueIsLeftToTheValidator() {
    ShapeCheck check = ShapeCheck.of(json("{\"type\":\"object\",\"$ref\":\"#/$defs/A\","
        + "\"$defs\":{\"A\":{\"$ref\":\"#/$defs/B\"},\"B\":{\"$ref\":\"#/$defs/A\"}}}"));

    assertThat(check.accepts(json("{}"))).isFalse();
  }

  @Test
  void aRecursiveDefinitionChecksEveryLevel() {
    JsonNode schema = json("{\"$ref\":\"#/$defs/Node\",\"type\":\"object\",\"$defs\":{\"Node\":"
        + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
        + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\"}}}}}}");
    ShapeCheck check = ShapeCheck.of(schema);
    JsonNode good = json("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}");
    JsonNode bad = json("{\"name\":\"a\",\"children\":[{\"name\":2}]}");

    assertThat(check.accepts(good)).isTrue();
    assertThat(check.accepts(bad)).isFalse();
    assertThat(fullyValid(schema, good)).isTrue();
    assertThat(fullyValid(schema, bad)).isFalse();
  }

  @Test
  void onRandomSchemasAndValuesEveryQuickAcceptanceIsAFullOne() {
    Random random = new Random(20261207);
    int accepted = 0;
    for (int round = 0; round < 400; round++) {
      ObjectNode schema = schema(random, 0);
      if (random.nextBoolean()) {
        ObjectNode defs = schema.putObject("$defs");
        defs.set("D", schema(random, 1));
        ((ObjectNode) schema.get("properties")).putObject("ref").put("$ref", "#/$defs/D");
      }
      JsonNode relaxed = RelaxedSchema.of(schema);
      for (JsonNode form : List.of(schema, relaxed)) {
        ShapeCheck check = ShapeCheck.of(form);
        assertThat(check).as("%s", form).isNotNull();
        for (int v = 0; v < 10; v++) {
          JsonNode value = value(random, 0, true);
          if (check.accepts(value)) {
            accepted++;
            assertThat(fullyValid(form, value)).as("%s against %s", value, form).isTrue();
          }
        }
      }
    }
    assertThat(accepted).as("values the quick check accepted").isGreaterThan(500);
  }

  /** An object schema of shape keywords only, typed as an importer would type it. */
  private static ObjectNode schema(Random random, int depth) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (String name : NAMES) {
      if (random.nextInt(3) > 0) {
        properties.set(name, property(random, depth));
      }
    }
    if (random.nextInt(3) == 0) {
      schema.putArray("required").add(NAMES.get(random.nextInt(NAMES.size())));
    }
    if (random.nextInt(4) == 0) {
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  private static JsonNode property(Random random, int depth) {
    int kind = random.nextInt(depth < 2 ? 6 : 4);
    ObjectNode property = NODES.objectNode();
    switch (kind) {
      case 0, 1, 2 -> property.put("type", TYPES.get(2 + random.nextInt(TYPES.size() - 2)));
      case 3 -> {
        ArrayNode types = property.putArray("type");
        types.add(TYPES.get(random.nextInt(TYPES.size())));
        types.add(TYPES.get(random.nextInt(TYPES.size())));
      }
      case 4 -> {
        property.put("type", "array");
        property.set("items", random.nextBoolean() ? property(random, depth + 1)
            : schema(random, depth + 1));
      }
      default -> {
        ArrayNode any = property.putArray(random.nextBoolean() ? "anyOf" : "allOf");
        any.add(schema(random, depth + 1));
        any.add(property(random, depth + 1));
      }
    }
    property.put("description", "a property");
    return property;
  }

  /** A value that often conforms (objects with the same names) and often not. */
  private static JsonNode value(Random random, int depth, boolean object) {
    int kind = depth > 3 ? 1 + random.nextInt(5) : object ? 0 : random.nextInt(9);
    switch (kind) {
      case 0 -> {
        ObjectNode value = NODES.objectNode();
        for (String name : NAMES) {
          if (random.nextInt(3) > 0) {
            value.set(name, value(random, depth + 1, false));
          }
        }
        if (random.nextInt(5) == 0) {
          value.put("extra", 1);
        }
        if (random.nextBoolean()) {
          value.set("ref", value(random, depth + 1, true));
        }
        return value;
      }
      case 1 -> {
        return NODES.stringNode("text");
      }
      case 2 -> {
        return NODES.numberNode(random.nextInt(100));
      }
      case 3 -> {
        return NODES.numberNode(random.nextBoolean() ? 1.5 : 2.0);
      }
      case 4 -> {
        return NODES.booleanNode(random.nextBoolean());
      }
      case 5 -> {
        return NODES.nullNode();
      }
      case 6 -> {
        return value(random, depth + 1, true);
      }
      default -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          array.add(value(random, depth + 1, false));
        }
        return array;
      }
    }
  }
}
