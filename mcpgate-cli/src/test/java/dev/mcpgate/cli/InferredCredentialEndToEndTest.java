package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 end to end: a description that carries its API key as a plain header parameter (no
 * security scheme) is served by {@code mcpgate serve} with an {@code apiKey} binding; the agent
 * never sees the key as an input, and the upstream receives it from the binding.
 */
class InferredCredentialEndToEndTest {

  private static final String UPSTREAM_KEY = "inferred-upstream-key-5f1c";
  private static final String CALLER_KEY = ClientRegistry.generateKey();

  /** ato.gov.au's shape: a required header "apiKey" described as "The API key.", no scheme. */
  private static final String REGISTRY = """
      openapi: 3.0.0
      info: {title: Business registry, version: "1"}
      servers: [{url: "https://registry.invalid"}]
      paths:
        /business-names/{abn}:
          get:
            operationId: getBusinessName
            parameters:
              - {name: abn, in: path, required: true, schema: {type: string}}
              - {name: apiKey, in: header, required: true, description: The API key., schema: {type: string}}
              - {name: session, in: query, description: Filter by session identifier., schema: {type: string}}
            responses: {"200": {description: ok}}
      """;

  @TempDir Path dir;

  private ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void theKeyOfAPlainHeaderParameterIsInjectedAndNeverAnInput() throws IOException {
    try (FakeUpstream upstream = FakeUpstream.start()) {
      upstream.enqueue(FakeUpstream.Answer.json(200, "{\"name\":\"Acme Pty Ltd\"}"));
      Files.writeString(dir.resolve("registry.yaml"), REGISTRY);
      Files.createDirectories(dir.resolve("secrets"));
      Files.writeString(dir.resolve("secrets/registry-key"), UPSTREAM_KEY + "\n");
      Path config = dir.resolve("mcpgate.yaml");
      Files.writeString(config, """
          secrets:
            files: secrets
          sources:
            - id: registry
              description: registry.yaml
              baseUrl: %s
              approved: true
              binding: registry-key
          bindings:
            - id: registry-key
              kind: apiKey
              secretRef: file:registry-key
              settings: {in: header, name: apiKey}
          clients:
            - id: agent
              profiles:
                production:
                  keys:
                    - {id: %s, hash: %s}
          policy:
            default: allow
          upstream:
            allowLoopback: true
          """.formatted(upstream.url(), ClientRegistry.keyIdOf(CALLER_KEY),
              HexFormat.of().formatHex(ClientRegistry.hashKey(CALLER_KEY))));
      StringWriter out = new StringWriter();
      running = ServeCommand.start(config, 0, name -> null, new PrintWriter(out, true));
      URI endpoint = running.uri();

      assertThat(out.toString())
          .contains("header parameter 'apiKey' hidden as a credential")
          .doesNotContain("declare upstream auth (apiKey) but the source has no binding")
          .doesNotContain(UPSTREAM_KEY);

      try (McpTestClient client = McpTestClient.builder(endpoint)
          .header("Authorization", "Bearer " + CALLER_KEY).build()) {
        client.initialize();
        JsonNode tool = client.listTools(null).response().path("result").path("tools").get(0);
        assertThat(tool.path("name").asString()).isEqualTo("getBusinessName");
        assertThat(tool.path("inputSchema").path("properties").propertyNames())
            .containsExactly("abn", "session");
        assertThat(tool.toString()).doesNotContain("apiKey").doesNotContain("API key");

        McpExchange call = client.callTool("getBusinessName",
            McpTestClient.json("{\"abn\":\"51824753556\"}"));
        JsonNode result = call.response().path("result");
        assertThat(result.path("isError").asBoolean(false)).as(call.body()).isFalse();
        assertThat(result.toString()).contains("Acme Pty Ltd").doesNotContain(UPSTREAM_KEY);

        // An argument named after the hidden parameter is refused, not forwarded.
        McpExchange smuggled = client.callTool("getBusinessName",
            McpTestClient.json("{\"abn\":\"1\",\"apiKey\":\"caller-chosen\"}"));
        assertThat(smuggled.body()).doesNotContain("Acme");
      }

      FakeUpstream.RecordedRequest received = upstream.takeRequest();
      assertThat(received.path()).isEqualTo("/business-names/51824753556");
      assertThat(received.header("apiKey")).hasValue(UPSTREAM_KEY);
      assertThat(received.headerValues("apiKey")).containsExactly(UPSTREAM_KEY);
      assertThat(upstream.requestCount()).isEqualTo(1);
    }
  }
}
