package dev.mcpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.admin.internal.AdminApi;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the server agree, both ways. */
class OpenApiContractTest {

  @TempDir static Path dir;
  static AdminServer server;

  @BeforeAll
  static void start() throws Exception {
    server = AdminServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyRouteTheServerAnswersIsDocumentedAndEveryDocumentedRouteIsServed() {
    TreeSet<String> served = new TreeSet<>(
        new AdminApi(AdminApiConfig.builder(server.control).build()).routes());

    assertThat(served).isEqualTo(AdminServer.DOCUMENT.routes());
  }

  @Test
  void everyDocumentedRouteIsAnsweredOverHttpByItsOwnHandler() {
    for (String route : AdminServer.DOCUMENT.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1)
          .replace("{number}", "1").replaceAll("\\{[a-z]+}", "x");
      AdminServer.Answer answer = server.send(method, path, server.viewer,
          method.equals("GET") || method.equals("DELETE") ? null : "{}", Map.of());

      assertThat(answer.body()).as(route).doesNotContain("no-such-route")
          .doesNotContain("method-not-allowed");
    }
  }

  @Test
  void noRouteAnswersMalformedInputWithA500() {
    List<String> bodies = List.of("", "null", "[]", "\"text\"", "{\"id\":5,\"name\":[],"
        + "\"kind\":{},\"secretRef\":7,\"tools\":\"all\",\"environment\":\"no such env\","
        + "\"effect\":1,\"role\":null,\"scope\":true,\"capacity\":\"x\",\"period\":5,"
        + "\"url\":\"ftp://x\",\"caller\":[]}", "{" + "[".repeat(5000));
    List<String> queries = List.of("", "?limit=abc&cursor=%25%25&dryRun=maybe",
        "?dryRun=true&cursor=bm9wZQ&from=x&to=y&kind=z");
    int sent = 0;
    for (String route : AdminServer.DOCUMENT.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      for (String segment : List.of("0", "x%20y", "..%2e", "a.b@c")) {
        String path = route.substring(route.indexOf(' ') + 1)
            .replaceAll("\\{[a-z]+}", segment);
        for (String query : queries) {
          for (String body : bodies) {
            AdminServer.Answer answer;
            try {
              answer = server.send(method, path + query, server.admin,
                  body.getBytes(StandardCharsets.UTF_8), "application/json",
                  Map.of("If-Match", "garbage"));
            } catch (IllegalStateException e) {
              throw new AssertionError(method + " " + path + query + " " + body.length(), e);
            }
            sent++;
            assertThat(answer.status()).as(route + " " + segment + query + " " + body)
                .isLessThan(500);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
          }
        }
      }
    }
    assertThat(sent).isGreaterThan(1000);
  }

  @Test
  void mcpgatesOwnImporterReadsTheDocumentAsOneToolPerOperation() throws Exception {
    byte[] document;
    try (var in = getClass().getResourceAsStream("/dev/mcpgate/admin/admin-api.json")) {
      document = in.readAllBytes();
    }

    ImportResult imported = ApiImporter.importContent(document, "admin-api.json",
        ImportOptions.defaults());

    assertThat(imported.tools()).hasSize(AdminServer.DOCUMENT.routes().size());
    // The server URL is the mount path, relative on purpose: it only resolves when the document
    // is read from where it is served.
    assertThat(imported.warnings()).extracting(Object::toString)
        .singleElement().asString().contains("server URL '/admin' is relative");
  }

  @Test
  void theDocumentIsServedUnderTheMountPathWithoutAuthentication() {
    AdminServer.Answer answer = server.get("/api/v1/openapi.json", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(AdminServer.DOCUMENT.root);
    assertThat(answer.json().get("openapi").asString()).isEqualTo("3.1.0");
  }

  @Test
  void theSchemaCheckCatchesAnAnswerThatBreaksTheDocument() {
    assertThat(AdminServer.DOCUMENT.check("GET", "/api/v1/clients/acme", 200,
        "application/json", "{\"meta\":{\"id\":\"acme\"},\"revoked\":\"no\"}"))
        .isNotEmpty();
    assertThat(AdminServer.DOCUMENT.check("GET", "/api/v1/health", 200, "application/json",
        "{\"status\":\"ok\",\"ready\":true,\"sequence\":3}")).isEmpty();
    assertThat(AdminServer.DOCUMENT.check("GET", "/api/v1/health", 503,
        "application/problem+json", "{\"title\":\"x\"}")).isNotEmpty();
  }

  @Test
  void anUndocumentedPathIsAProblemNotAPage() {
    AdminServer.Answer answer = server.get("/api/v1/nothing-here", server.viewer);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.json().get("type").asString()).endsWith("/no-such-route");
  }

  @Test
  void aWrongMethodNamesTheAllowedOnes() {
    AdminServer.Answer answer = server.send("PATCH", "/api/v1/clients", server.viewer, "{}",
        Map.of());

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("GET, POST");
  }
}
