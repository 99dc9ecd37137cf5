package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tools/call's arguments are checked against the tool's input schema before its handler runs. */
class InputValidationTest {

  private static final String ORDER_SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "id": {"type": "string", "pattern": "^o-[0-9]+$"},
          "count": {"type": "integer", "minimum": 1},
          "status": {"enum": ["open", "shipped"]}
        },
        "required": ["id"],
        "additionalProperties": false
      }
      """;

  private final Tools.Counting handler = new Tools.Counting();
  private boolean lastCallReachedHandler;

  @Test
  void validArgumentsReachTheHandler() {
    JsonNode result = call(ORDER_SCHEMA, "{\"id\":\"o-1\",\"count\":2,\"status\":\"open\"}");

    assertThat(result.path("isError").asBoolean(false)).isFalse();
    assertThat(handler.calls()).isEqualTo(1);
  }

  @Test
  void aMissingRequiredPropertyIsAnErrorResultNamingIt() {
    JsonNode result = call(ORDER_SCHEMA, "{\"count\":2}");

    assertInvalid(result, "id");
  }

  @Test
  void absentArgumentsAreCheckedAsAnEmptyObject() {
    TestClient client =
        TestClient.connect(
            McpGateway.builder().tool(Tools.tool("t", ORDER_SCHEMA), handler).build());

    JsonNode result = client.request("tools/call", "{\"name\":\"t\"}").get("result");

    assertInvalid(result, "id");
    assertThat(handler.calls()).isZero();
  }

  @Test
  void aWrongTypeIsAnErrorResultNamingTheProperty() {
    JsonNode result = call(ORDER_SCHEMA, "{\"id\":\"o-1\",\"count\":\"two\"}");

    assertInvalid(result, "count");
    assertThat(text(result)).contains("integer");
  }

  @Test
  void anUndeclaredPropertyIsRefusedWhenAdditionalPropertiesIsFalse() {
    JsonNode result = call(ORDER_SCHEMA, "{\"id\":\"o-1\",\"apiKey\":\"sneaky\"}");

    assertInvalid(result, "apiKey");
  }

  @Test
  void patternMinimumAndEnumAreEnforced() {
    assertInvalid(call(ORDER_SCHEMA, "{\"id\":\"order-1\"}"), "id");
    assertInvalid(call(ORDER_SCHEMA, "{\"id\":\"o-1\",\"count\":0}"), "count");
    assertInvalid(call(ORDER_SCHEMA, "{\"id\":\"o-1\",\"status\":\"lost\"}"), "status");
  }

  @Test
  void everyProblemIsReported() {
    JsonNode result = call(ORDER_SCHEMA, "{\"count\":\"x\",\"extra\":1}");

    assertInvalid(result, "id");
    assertThat(text(result)).contains("count").contains("extra");
  }

  @Test
  void refsIntoDefsAreFollowed() {
    String schema =
        """
        {
          "type": "object",
          "$defs": {
            "address": {
              "type": "object",
              "properties": {"city": {"type": "string"}},
              "required": ["city"]
            }
          },
          "properties": {"shipTo": {"$ref": "#/$defs/address"}},
          "required": ["shipTo"]
        }
        """;

    assertInvalid(call(schema, "{\"shipTo\":{\"street\":\"Main St\"}}"), "city");
    assertThat(call(schema, "{\"shipTo\":{\"city\":\"Oslo\"}}").path("isError").asBoolean(false))
        .isFalse();
  }

  @Test
  void aSchemaDeclaringDraft07IsCheckedWithDraft07Rules() {
    // "dependencies" is a draft-07 keyword; 2020-12 replaced it and would ignore it.
    String draft07 =
        """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "definitions": {"card": {"type": "string", "minLength": 4}},
          "properties": {"card": {"$ref": "#/definitions/card"}, "billing": {"type": "string"}},
          "dependencies": {"card": ["billing"]}
        }
        """;

    assertInvalid(call(draft07, "{\"card\":\"4242\"}"), "billing");
    assertInvalid(call(draft07, "{\"card\":\"42\",\"billing\":\"x\"}"), "card");
    assertThat(
            call(draft07, "{\"card\":\"4242\",\"billing\":\"x\"}").path("isError").asBoolean(false))
        .isFalse();
  }

  @Test
  void withoutSchemaDeclarationTheDialectIs202012() {
    // "prefixItems" is a 2020-12 keyword; a draft-07 validator does not know it.
    String modern =
        "{\"type\":\"object\",\"properties\":{\"p\":{\"prefixItems\":[{\"type\":\"number\"}]}}}";
    String declaredDraft07 =
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\"," + modern.substring(1);

    assertInvalid(call(modern, "{\"p\":[\"x\"]}"), "p");
    assertThat(call(declaredDraft07, "{\"p\":[\"x\"]}").path("isError").asBoolean(false)).isFalse();
  }

  @Test
  void prefixItemsOf202012AreEnforced() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"point\":{\"type\":\"array\","
            + "\"prefixItems\":[{\"type\":\"number\"},{\"type\":\"number\"}],\"items\":false}}}";

    assertThat(call(schema, "{\"point\":[1,2]}").path("isError").asBoolean(false)).isFalse();
    assertInvalid(call(schema, "{\"point\":[1,2,3]}"), "point");
    assertInvalid(call(schema, "{\"point\":[\"x\",2]}"), "point");
  }

  @Test
  void theErrorSaysTheArgumentsAreInvalidAndNamesTheTool() {
    JsonNode result = call(ORDER_SCHEMA, "{}");

    assertThat(text(result)).startsWith("Invalid arguments for tool t");
  }

  private JsonNode call(String schema, String arguments) {
    TestClient client =
        TestClient.connect(McpGateway.builder().tool(Tools.tool("t", schema), handler).build());
    int before = handler.calls();
    JsonNode result = client.callTool("t", arguments);
    lastCallReachedHandler = handler.calls() > before;
    return result;
  }

  private void assertInvalid(JsonNode result, String named) {
    assertThat(result.path("isError").asBoolean()).as("isError: %s", result).isTrue();
    assertThat(text(result)).contains(named);
    assertThat(lastCallReachedHandler).as("the handler ran").isFalse();
  }

  private static String text(JsonNode result) {
    return result.at("/content/0/text").asString();
  }
}
