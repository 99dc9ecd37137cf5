package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mcpgate.cli.internal.ApiKeyClients;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code mcpgate serve} end to end: a config file, Jetty on loopback, a fake upstream. */
class ServeCommandTest {

  private static final String UPSTREAM_SECRET = "s3cr3t-upstream-key";

  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      security: [{key: []}]
      components:
        securitySchemes:
          key: {type: apiKey, in: header, name: X-Upstream-Key}
      paths:
        /pets:
          get:
            operationId: listPets
            responses: {"200": {description: ok}}
          post:
            operationId: createPet
            responses: {"201": {description: created}}
        /pets/{id}:
          get:
            operationId: getPet
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses: {"200": {description: ok}}
      """;

  @TempDir Path dir;

  private HttpServer upstream;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private ServeCommand.@Nullable Running running;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/", exchange -> {
      received.add(Map.of(
          "path", exchange.getRequestURI().getRawPath(),
          "key", String.valueOf(exchange.getRequestHeaders().getFirst("X-Upstream-Key")),
          "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
      byte[] body = "{\"id\":\"7\",\"name\":\"Rex\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.stop(0);
  }

  private Path writeConfig() throws IOException {
    return writeConfig("");
  }

  private Path writeConfig(String extra) throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Files.createDirectories(dir.resolve("secrets/pets"));
    Files.writeString(dir.resolve("secrets/pets/key"), UPSTREAM_SECRET + "\n");
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        server:
          port: 8080
        secrets:
          files: secrets
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: %s
            approved: true
            operations: [getPet, listPets]
            binding: pets-key
          - id: pending
            description: pets.yaml
            baseUrl: %s
            toolPrefix: pending_
        bindings:
          - id: pets-key
            kind: apiKey
            secretRef: file:pets/key
            settings: {in: header, name: X-Upstream-Key}
        clients:
          - id: reader
            apiKeyHash: %s
            environment: sandbox
        policy:
          default: deny
          rules:
            - effect: deny
              tools: ["list*"]
            - effect: allow
              clients: [reader]
            - effect: deny
              tools: ["lsitPets"]
        upstream:
          allowLoopback: true
        audit:
          arguments: {redact: []}
        """.formatted(base, base, ApiKeyClients.sha256Hex("reader-key")) + extra);
    return config;
  }

  private ServeCommand.Running start(Path config, StringWriter out) {
    // env: is never read here: the upstream key comes from a file: reference
    running = ServeCommand.start(config, 0, name -> null, new PrintWriter(out, true));
    return running;
  }

  @Test
  void servesOnlyApprovedSelectedAllowedToolsAndInjectsTheUpstreamKey() throws IOException {
    StringWriter out = new StringWriter();
    URI endpoint = start(writeConfig(), out).uri();

    assertThat(endpoint.getPort()).isNotEqualTo(8080).isPositive();
    assertThat(out.toString())
        .contains("source pets: 2 tools, approved, binding pets-key")
        .contains("source pending: 3 tools, NOT approved (tools not served)")
        .contains("warning: policy.rules[2].tools[0]: 'lsitPets' matches no tool")
        .contains("MCP endpoint: " + endpoint)
        .doesNotContain(UPSTREAM_SECRET);

    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("Authorization", "Bearer reader-key").build()) {
      client.initialize();
      JsonNode tools = client.listTools(null).response().path("result").path("tools");
      assertThat(tools.valueStream().map(t -> t.path("name").asString()).toList())
          .containsExactly("getPet");

      McpExchange call = client.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"));
      JsonNode result = call.response().path("result");
      assertThat(result.path("isError").asBoolean(false)).as(call.body()).isFalse();
      assertThat(result.toString()).contains("Rex").doesNotContain(UPSTREAM_SECRET);

      // denied by policy, not selected, not approved: each answers like a tool that does not exist
      for (String hidden : List.of("listPets", "createPet", "pending_getPet", "noSuchTool")) {
        McpExchange denied = client.callTool(hidden, McpTestClient.json("{\"id\":\"7\"}"));
        assertThat(denied.response().path("error").path("message").asString())
            .isEqualTo("Unknown tool: " + hidden);
      }
    }
    assertThat(received).singleElement().satisfies(request -> {
      assertThat(request.get("path")).isEqualTo("/v1/pets/7");
      assertThat(request.get("key")).isEqualTo(UPSTREAM_SECRET);
      assertThat(request.get("authorization")).isEqualTo("null");
    });
  }

  @Test
  void sizeAndRateLimitsFromTheFileStopCallsBeforeTheUpstream() throws IOException {
    URI endpoint = start(writeConfig("""
        limits:
          size: {maxStringLength: 8}
          rate:
            perTool:
              getPet: {capacity: 1, period: PT1H}
        """), new StringWriter()).uri();

    try (McpTestClient client = McpTestClient.builder(endpoint)
        .header("X-Api-Key", "reader-key").build()) {
      client.initialize();
      JsonNode tooLong = client.callTool("getPet", McpTestClient.json("{\"id\":\"123456789\"}"))
          .response().path("result");
      assertThat(tooLong.path("isError").asBoolean()).isTrue();
      assertThat(tooLong.toString()).contains("too large");

      JsonNode first = client.callTool("getPet", McpTestClient.json("{\"id\":\"7\"}"))
          .response().path("result");
      assertThat(first.path("isError").asBoolean(false)).as(first.toString()).isFalse();
      JsonNode second = client.callTool("getPet", McpTestClient.json("{\"id\":\"8\"}"))
          .response().path("result");
      assertThat(second.path("isError").asBoolean()).as(second.toString()).isTrue();
    }
    assertThat(received).extracting(r -> r.get("path")).containsExactly("/v1/pets/7");
  }

  @Test
  void aRequestWithoutOrWithAWrongKeyGets401() throws IOException {
    URI endpoint = start(writeConfig(), new StringWriter()).uri();
    byte[] initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
        "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""
        .getBytes(StandardCharsets.UTF_8);

    try (McpTestClient anonymous = McpTestClient.builder(endpoint).build();
        McpTestClient wrong = McpTestClient.builder(endpoint)
            .header("X-Api-Key", "not-the-key").build()) {
      McpExchange none = anonymous.post(initialize, Map.of());
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isPresent();
      assertThat(wrong.post(initialize, Map.of()).status()).isEqualTo(401);
    }
    assertThat(received).isEmpty();
  }

  @Test
  void checkReportsWhatWouldBeServedAndExitsWithoutListening() throws IOException {
    StringWriter out = new StringWriter();

    int code = McpgateCommand.execute(
        new String[] {"serve", "--config", writeConfig().toString(), "--check"},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("source pets: 2 tools, approved, binding pets-key")
        .contains("configuration OK")
        .doesNotContain("MCP endpoint");
  }

  @Test
  void aBadConfigurationExitsWith2AndListsItsProblemsWithoutAStackTrace() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            binding: stripe-key
            operations: [getPet, refundPet]
        bindings: []
        server: {port: 99999}
        """);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(new String[] {"serve", "--config", config.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.yaml: 2 problems")
        .contains("  sources[0].binding: no binding 'stripe-key'")
        .contains("  server.port: must be from 0 to 65535, was 99999")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }

  @Test
  void anOperationTheDescriptionLacksIsAProblemOnceImported() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), PETS);
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: https://pets.example.com
            operations: [getPet, refundPet]
        """);
    StringWriter err = new StringWriter();

    int code = McpgateCommand.execute(new String[] {"serve", "-c", config.toString(), "-p", "0"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("sources[0].operations: no operation 'refundPet' in pets.yaml");
  }
}
