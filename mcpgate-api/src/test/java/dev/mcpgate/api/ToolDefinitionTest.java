package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolDefinitionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "getUser",
        "get_user",
        "get-user",
        "admin.tools.list",
        "DATA_EXPORT_v2",
        "0day",
        "___",
        "-.-"
      })
  void acceptsNamesOfLettersDigitsUnderscoreHyphenAndDot(String name) {
    assertThat(ToolDefinition.builder(name).build().name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "get user",
        "get/user",
        "get:user",
        "get,user",
        "get@user",
        "name\n",
        "naïve",
        "名前",
        "tool\u0000",
        "a+b"
      })
  void refusesOtherCharacters(String name) {
    assertThatThrownBy(() -> ToolDefinition.builder(name).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 1 to 128 characters");
  }

  @Test
  void acceptsANameOf128Characters() {
    String name = "n".repeat(128);

    assertThat(ToolDefinition.builder(name).build().name()).hasSize(128);
  }

  @Test
  void refusesANameOf129Characters() {
    assertThatThrownBy(() -> ToolDefinition.builder("n".repeat(129)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesANullName() {
    assertThatThrownBy(() -> ToolDefinition.builder(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void defaultsToAnEmptyObjectSchemaAndNoAnnotations() {
    ToolDefinition tool = ToolDefinition.builder("t").build();

    assertThat(tool.inputSchema()).isEqualTo(ToolDefinition.EMPTY_OBJECT_SCHEMA);
    assertThat(tool.outputSchema()).isNull();
    assertThat(tool.annotations().isEmpty()).isTrue();
    assertThat(tool.tags()).isEmpty();
    assertThat(tool.auth()).isEmpty();
    assertThat(tool.metadata()).isEmpty();
    assertThat(tool.http()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"object\"", "true", "null", "", "   ", "42"})
  void refusesAnInputSchemaThatIsNotAJsonObject(String schema) {
    assertThatThrownBy(() -> ToolDefinition.builder("t").inputSchema(schema).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input schema must be an object");
  }

  @Test
  void acceptsAnObjectSchemaWithSurroundingWhitespace() {
    String schema = "\n  {\"type\":\"object\"}  \n";

    assertThat(ToolDefinition.builder("t").inputSchema(schema).build().inputSchema())
        .isEqualTo(schema);
  }

  @Test
  void copiesItsCollections() {
    List<String> tags = new ArrayList<>(List.of("orders"));
    ToolDefinition tool = ToolDefinition.builder("t").tags(tags).metadata("k", "v").build();

    tags.add("admin");

    assertThat(tool.tags()).containsExactly("orders");
    assertThatThrownBy(() -> tool.tags().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tool.metadata().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tool.auth().add(new AuthRequirement.Basic()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    ToolDefinition tool =
        ToolDefinition.builder("getOrder")
            .title("Get order")
            .description("Fetches one order")
            .inputSchema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
            .outputSchema("{\"type\":\"object\"}")
            .annotations(new ToolAnnotations(true, false, true, false))
            .source("orders-api")
            .operationId("get_order")
            .tags(List.of("orders"))
            .auth(new AuthRequirement.Bearer("JWT"))
            .http(new HttpOperation("get", "https://api.example", "/orders/{id}", List.of(), null))
            .metadata("deprecated", "false")
            .build();

    assertThat(tool.toBuilder().build()).isEqualTo(tool);
    assertThat(tool.toBuilder().name("getOrder2").build().name()).isEqualTo("getOrder2");
  }
}
