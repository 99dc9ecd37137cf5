package dev.mcpgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The lenient form of an output schema keeps its shape and drops what real answers break. */
class RelaxedSchemaTest {

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void assertionsAreDroppedAndDescriptionsKeptAtEveryDepth() {
    ObjectNode relaxed = RelaxedSchema.of(json("{\"type\":\"object\",\"required\":[\"a\"],"
        + "\"additionalProperties\":false,\"properties\":{\"a\":{\"type\":\"string\","
        + "\"description\":\"A\",\"enum\":[\"x\"],\"pattern\":\"^x$\",\"format\":\"uuid\","
        + "\"minLength\":3},\"b\":{\"type\":\"array\",\"minItems\":1,\"uniqueItems\":true,"
        + "\"items\":{\"type\":\"object\",\"required\":[\"c\"],\"properties\":{\"c\":"
        + "{\"const\":1}}}}}}"));

    assertThat(relaxed).isEqualTo(json("{\"type\":\"object\",\"properties\":{"
        + "\"a\":{\"type\":[\"string\",\"number\",\"boolean\",\"null\"],\"description\":\"A\"},"
        + "\"b\":{\"type\":[\"array\",\"null\"],\"items\":{\"type\":[\"object\",\"null\"],"
        + "\"properties\":{\"c\":{}}}}}}"));
  }

  @Test
  void theRootStaysAnObjectAndTheArgumentIsNotChanged() {
    JsonNode declared = json("{\"type\":\"object\",\"required\":[\"a\"]}");

    ObjectNode relaxed = RelaxedSchema.of(declared);

    assertThat(relaxed.get("type").asString()).isEqualTo("object");
    assertThat(declared.has("required")).isTrue();
  }

  @Test
  void oneOfBecomesAnyOfAndDefinitionsAndCombinationsAreRelaxedToo() {
    ObjectNode relaxed = RelaxedSchema.of(json("{\"type\":\"object\",\"properties\":{\"p\":"
        + "{\"oneOf\":[{\"$ref\":\"#/$defs/Card\"},{\"type\":\"integer\"}]}},\"$defs\":{\"Card\":"
        + "{\"type\":\"object\",\"required\":[\"last4\"],\"additionalProperties\":false}},"
        + "\"allOf\":[{\"not\":{\"required\":[\"x\"]}}]}"));

    assertThat(relaxed.at("/properties/p").has("oneOf")).isFalse();
    assertThat(relaxed.at("/properties/p/anyOf/1/type")).isEqualTo(
        json("[\"integer\",\"string\",\"number\",\"boolean\",\"null\"]"));
    assertThat(relaxed.at("/$defs/Card")).isEqualTo(json("{\"type\":[\"object\",\"null\"]}"));
    assertThat(relaxed.at("/allOf/0")).isEqualTo(json("{}"));
  }

  @Test
  void falseSchemasAndOpenMapsAreRelaxedRatherThanDropped() {
    ObjectNode relaxed = RelaxedSchema.of(json("{\"type\":\"object\",\"properties\":{"
        + "\"gone\":false,\"map\":{\"type\":\"object\",\"additionalProperties\":"
        + "{\"type\":\"integer\",\"maximum\":3}}}}"));

    assertThat(relaxed.at("/properties/gone").asBoolean()).isTrue();
    assertThat(relaxed.at("/properties/map/additionalProperties").has("maximum")).isFalse();
    assertThat(relaxed.at("/properties/map/additionalProperties/type").get(0).asString())
        .isEqualTo("integer");
  }
}
