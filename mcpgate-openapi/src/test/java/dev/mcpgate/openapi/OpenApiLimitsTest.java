package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.api.ToolDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Broken and hostile documents, and imports from a URL. */
class OpenApiLimitsTest {

  private static ImportResult importText(String text) {
    return ApiImporter.importContent(text.getBytes(StandardCharsets.UTF_8), "doc.yaml",
        ImportOptions.defaults());
  }

  @Test
  void billionLaughsYamlIsRefusedQuickly() {
    StringBuilder yaml = new StringBuilder("openapi: 3.0.0\ninfo: {title: x, version: '1'}\n");
    yaml.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    yaml.append("paths: {}\n");
    long start = System.nanoTime();
    assertThatThrownBy(() -> importText(yaml.toString()))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("alias expansion");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void moreAliasesThanTheLimitAreRefused() {
    StringBuilder yaml = new StringBuilder("openapi: 3.0.0\ninfo: {title: x, version: '1'}\n");
    yaml.append("a: &a [lol]\nb: [");
    for (int i = 0; i < 10; i++) {
      yaml.append(i == 0 ? "" : ", ").append("*a");
    }
    yaml.append("]\npaths: {}\n");
    assertThatThrownBy(() -> ApiImporter.importContent(
        yaml.toString().getBytes(StandardCharsets.UTF_8), "doc.yaml",
        ImportOptions.builder().maxYamlAliases(5).build()))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("more than 5 aliases");
  }

  @Test
  void aFewYamlAliasesAreFine() {
    ImportResult result = importText("""
        openapi: 3.0.0
        info: {title: x, version: '1'}
        paths:
          /a:
            get:
              operationId: getA
              parameters: &params
                - {name: q, in: query, schema: {type: string}}
              responses: {'200': {description: ok}}
          /b:
            get:
              operationId: getB
              parameters: *params
              responses: {'200': {description: ok}}
        """);
    assertThat(result.tools()).hasSize(2);
  }

  @Test
  void invalidJsonFailsWithItsLine() {
    assertThatThrownBy(() -> importText("{\"openapi\": \"3.0.0\",\n\"info\": }"))
        .isInstanceOf(ImportException.class)
        .satisfies(e -> assertThat(((ImportException) e).line()).isEqualTo(2))
        .hasMessageStartingWith("doc.yaml:2: not valid JSON");
  }

  @Test
  void invalidYamlFailsWithItsLine() {
    assertThatThrownBy(() -> importText("openapi: 3.0.0\ninfo: [\n  a: b\n}"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("not valid YAML")
        .satisfies(e -> assertThat(((ImportException) e).line()).isPositive());
  }

  @Test
  void aDocumentThatIsNotOpenApiIsRefusedClearly() {
    assertThatThrownBy(() -> importText("{\"hello\": \"world\"}"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("not an OpenAPI or Swagger document");
    assertThatThrownBy(() -> importText("just text"))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("not an OpenAPI or Swagger document");
  }

  @Test
  void unsupportedVersionsAndBadPathsNameWhere() {
    assertThatThrownBy(() -> importText("{\"openapi\": \"4.0.0\", \"paths\": {}}"))
        .isInstanceOf(ImportException.class)
        .satisfies(e -> assertThat(((ImportException) e).pointer()).isEqualTo("/openapi"))
        .hasMessageContaining("unsupported OpenAPI version '4.0.0'");
    assertThatThrownBy(() -> importText("{\"openapi\": \"3.0.0\", \"paths\": []}"))
        .isInstanceOf(ImportException.class)
        .satisfies(e -> assertThat(((ImportException) e).pointer()).isEqualTo("/paths"));
  }

  @Test
  void referenceChainsDeeperThanTheLimitAreCutWithAWarning() {
    StringBuilder schemas = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      schemas.append("    S").append(i).append(":\n      type: object\n      properties:\n")
          .append("        next: {$ref: '#/components/schemas/S").append(i + 1).append("'}\n");
    }
    schemas.append("    S10: {type: string}\n");
    String doc = """
        openapi: 3.0.0
        info: {title: x, version: '1'}
        paths:
          /a:
            post:
              operationId: postA
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/S0'}
              responses: {'204': {description: ok}}
        components:
          schemas:
        """ + schemas;
    ImportResult result = ApiImporter.importContent(doc.getBytes(StandardCharsets.UTF_8),
        "doc.yaml", ImportOptions.builder().maxRefDepth(4).build());
    assertThat(result.tools()).hasSize(1);
    assertThat(result.warnings()).anySatisfy(w -> {
      assertThat(w.operation()).isEqualTo("POST /a");
      assertThat(w.message()).contains("deeper than 4");
    });
    assertThat(SchemaChecks.metaErrors(result.tools().get(0).inputSchema())).isEmpty();
  }

  @Test
  void importsFromAUrlAndResolvesRelativeServersAgainstIt() throws IOException {
    byte[] doc = """
        {"openapi": "3.0.1", "info": {"title": "served", "version": "1"},
         "servers": [{"url": "/api/v2"}],
         "paths": {"/ping": {"get": {"operationId": "ping",
           "responses": {"200": {"description": "ok"}}}}}}
        """.getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/specs/api.json", exchange -> {
      exchange.sendResponseHeaders(200, doc.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(doc);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      ImportResult result = ApiImporter.importUrl(URI.create(base + "/specs/api.json"),
          ImportOptions.defaults());
      assertThat(result.tools()).singleElement().satisfies(tool ->
          assertThat(tool.http().serverUrl()).isEqualTo(base + "/api/v2"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void namesDoNotDependOnUnrelatedOperations() {
    String before = """
        openapi: 3.0.0
        info: {title: x, version: '1'}
        paths:
          /a: {get: {operationId: same, responses: {'200': {description: ok}}}}
          /b: {get: {operationId: same, responses: {'200': {description: ok}}}}
          /c: {get: {responses: {'200': {description: ok}}}}
          /d: {get: {operationId: 'repos/get-content', responses: {'200': {description: ok}}}}
          /e: {get: {operationId: old, responses: {'200': {description: ok}}}}
        """;
    String after = before.replace(
        "  /e: {get: {operationId: old, responses: {'200': {description: ok}}}}\n",
        "  /f: {get: {operationId: fresh, responses: {'200': {description: ok}}}}\n");
    Map<String, String> namesBefore = names(importText(before));
    Map<String, String> namesAfter = names(importText(after));
    for (String path : new String[] {"/a", "/b", "/c", "/d"}) {
      assertThat(namesAfter.get(path)).isEqualTo(namesBefore.get(path));
    }
    assertThat(namesBefore.get("/d")).isEqualTo("repos_get-content");
  }

  @Test
  void anEmptyBodyOnGetIsNotAnInputButBooleanSchemasStay() {
    ImportResult result = importText("""
        openapi: 3.1.0
        info: {title: x, version: '1'}
        paths:
          /a:
            get:
              operationId: getA
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {}, additionalProperties: false}
              responses: {'200': {description: ok}}
            post:
              operationId: postA
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {a: true}, additionalProperties: false}
              responses: {'200': {description: ok}}
        """);
    ToolDefinition get = result.tools().get(0);
    assertThat(get.http().parameters()).isEmpty();
    assertThat(get.http().bodyMediaType()).isNull();
    ToolDefinition post = result.tools().get(1);
    JsonNode body = SchemaChecks.tree(post.inputSchema()).at("/properties/body");
    assertThat(body.path("additionalProperties").isBoolean()).isTrue();
    assertThat(body.at("/properties/a").isBoolean()).isTrue();
    assertThat(SchemaChecks.metaErrors(post.inputSchema())).isEmpty();
  }

  private static Map<String, String> names(ImportResult result) {
    return result.tools().stream().collect(Collectors.toMap(
        tool -> tool.http().pathTemplate(), ToolDefinition::name, (a, b) -> a))
        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

}
