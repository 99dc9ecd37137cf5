package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void parameterFlagsDecideWhichParametersAreCredentialsAndJsonShowsTheOrigin(@TempDir Path dir)
      throws Exception {
    Path description = dir.resolve("keys.yaml");
    Files.writeString(description, """
        openapi: 3.0.3
        info: {title: Keys, version: "1"}
        servers: [{url: "https://api.example.com"}]
        paths:
          /reports:
            get:
              operationId: listReports
              parameters:
                - {name: key, in: query, description: API key., schema: {type: string}}
                - {name: token, in: query, schema: {type: string}}
                - {name: X-Tenant-Ref, in: header, schema: {type: string}}
              responses: {"200": {description: ok}}
        """);

    assertThat(run("import", description.toString(), "--format", "json",
        "--input-param", "query:token", "--credential-param", "X-Tenant-Ref")).isZero();

    JsonNode tool = JsonMapper.builder().build().readTree(out.toString()).path("tools").get(0);
    assertThat(tool.path("inputSchema").path("properties").propertyNames())
        .containsExactly("token");
    assertThat(tool.path("auth").valueStream()
        .map(a -> a.path("kind").asString() + " " + a.path("in").asString() + " "
            + a.path("name").asString() + " " + a.path("origin").asString()))
        .containsExactly("apiKey query key inferred", "apiKey header X-Tenant-Ref inferred");
  }

  @Test
  void aBadParameterReferenceIsAOneLineError() throws Exception {
    assertThat(run("import", petstore(), "--credential-param", "body:password")).isEqualTo(1);

    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("credentialParameters");
  }
}
