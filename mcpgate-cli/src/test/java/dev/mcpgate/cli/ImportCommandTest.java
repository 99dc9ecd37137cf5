package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ImportCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static String petstore() throws URISyntaxException {
    return Path.of(ImportCommandTest.class.getResource("/petstore.yaml").toURI()).toString();
  }

  @Test
  void theSummaryCountsToolsByMethodAndAuthKind() throws Exception {
    assertThat(run("import", petstore())).isZero();

    assertThat(out.toString())
        .contains("2 tools")
        .containsPattern("GET\\s+1")
        .containsPattern("POST\\s+1")
        .containsPattern("apiKey\\s+2");
  }

  @Test
  void jsonFormatPrintsOneDocumentWithBusinessInputsOnly() throws Exception {
    assertThat(run("import", petstore(), "--format", "json", "--include-deprecated")).isZero();

    JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
    assertThat(doc.path("source").path("format").asString()).isEqualTo("openapi");
    assertThat(doc.path("tools")).hasSize(3);
    JsonNode list = doc.path("tools").get(0);
    assertThat(list.path("name").asString()).isEqualTo("listPets");
    assertThat(list.path("method").asString()).isEqualTo("GET");
    assertThat(list.path("path").asString()).isEqualTo("/pets");
    assertThat(list.path("inputSchema").path("properties").has("limit")).isTrue();
    assertThat(list.path("inputSchema").path("properties").has("X-Api-Key")).isFalse();
    assertThat(list.path("annotations").path("readOnlyHint").asBoolean()).isTrue();
    JsonNode auth = list.path("auth").get(0);
    assertThat(auth.path("kind").asString()).isEqualTo("apiKey");
    assertThat(auth.path("callerVisible").asBoolean()).isFalse();
    assertThat(auth.path("name").asString()).isEqualTo("X-Api-Key");
    assertThat(doc.path("warnings").isArray()).isTrue();
  }

  @Test
  void selectionOptionsNarrowTheTools() throws Exception {
    assertThat(run("import", petstore(), "--format", "json", "--method", "post",
        "--prefix", "pets")).isZero();

    JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
    assertThat(doc.path("tools")).hasSize(1);
    assertThat(doc.path("tools").get(0).path("name").asString()).isEqualTo("pets_createPet");
  }

  @Test
  void aMissingFileIsAOneLineErrorWithExitCode1() {
    assertThat(run("import", "/no/such/description.json")).isEqualTo(1);

    assertThat(err.toString()).startsWith("mcpgate: ").contains("no such file");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadOptionValueIsAOneLineError() throws Exception {
    assertThat(run("import", petstore(), "--prefix", "not a prefix!")).isEqualTo(1);

    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("namePrefix");
  }

  @Test
  void anUnknownFormatIsRefused() throws Exception {
    assertThat(run("import", petstore(), "--format", "xml")).isEqualTo(1);
    assertThat(err.toString()).contains("--format");
  }
}
