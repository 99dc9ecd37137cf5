package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.FakeUpstream.Answer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP Java client (with its output schema checks on) against {@code mcpgate serve}
 * importing an API whose answers match, drift from, are cut from and are not their schema, in
 * each output schema mode: not one client-side error, and each answer arrives as the mode says
 * (the expectations are in {@code output-schemas/answers.json}, which the TypeScript client's run
 * in {@code scripts/sdk-clients.sh} shares).
 */
class OfficialJavaClientOutputSchemaTest {

  private static final String KEY = ClientRegistry.generateKey();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  private final FakeUpstream upstream = FakeUpstream.start();
  private ServeCommand.@Nullable Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    upstream.close();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = OfficialJavaClientOutputSchemaTest.class
        .getResourceAsStream("/output-schemas/" + name)) {
      return in.readAllBytes();
    }
  }

  private static Answer answer(JsonNode spec) {
    String body = spec.path("body").asString();
    if (spec.has("repeat")) {
      body = body.replace("%s", "x".repeat(spec.path("repeat").asInt()));
    }
    Answer answer = Answer.status(spec.path("status").asInt()).withBody(body);
    return spec.path("type").isString()
        ? answer.withHeader("Content-Type", spec.path("type").asString()) : answer;
  }

  @Test
  void theJavaClientGetsEveryAnswerInEveryModeWithoutOneError() throws Exception {
    JsonNode answers = JSON.readTree(resource("answers.json"));
    upstream.otherwise(request -> {
      String name = request.path().substring(request.path().lastIndexOf('/') + 1);
      return answers.has(name) ? answer(answers.get(name)) : Answer.status(404);
    });
    Files.write(dir.resolve("orders.yaml"), resource("orders.yaml"));
    StringBuilder sources = new StringBuilder();
    for (String mode : List.of("strict", "lenient", "none")) {
      sources.append("""
            - id: orders-%s
              description: orders.yaml
              baseUrl: %s
              approved: true
              toolPrefix: %s
              outputSchemas: %s
          """.formatted(mode, upstream.url(), mode, mode));
    }
    Path config = dir.resolve("mcpgate.yaml");
    Files.writeString(config, """
        sources:
        %s
        clients:
          - id: agent
            profiles:
              default:
                keys:
                  - ref: env:AGENT_KEY
        policy:
          default: allow
        upstream:
          allowLoopback: true
          maxResponseBytes: 1024
        audit:
          output: {file: audit/audit.jsonl}
        """.formatted(sources));
    running = ServeCommand.start(config, 0, name -> name.equals("AGENT_KEY") ? KEY : null,
        new PrintWriter(new StringWriter(), true));

    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(running.uri().resolve("/").toString())
            .endpoint(running.uri().getPath())
            .addHttpRequestCustomizer((request, method, endpoint, body, context) ->
                request.header("Authorization", "Bearer " + KEY))
            .build();
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> clientErrors = new ArrayList<>();
    McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(20))
        .enableCallToolSchemaCaching(true)
        .build();
    try {
      client.initialize();
      List<McpSchema.Tool> tools = client.listTools().tools();
      assertThat(tools).hasSize(3 * answers.size());
      for (McpSchema.Tool tool : tools) {
        String mode = tool.name().substring(0, tool.name().indexOf('_'));
        assertThat(tool.outputSchema() != null).as(tool.name()).isEqualTo(!mode.equals("none"));
        try {
          McpSchema.CallToolResult result = client.callTool(
              McpSchema.CallToolRequest.builder(tool.name()).arguments(Map.of()).build());
          seen.put(tool.name(), Boolean.TRUE.equals(result.isError()) ? "isError"
              : result.structuredContent() != null ? "structured" : "text");
          assertThat(result.content()).as(tool.name()).isNotEmpty();
        } catch (RuntimeException rejected) {
          clientErrors.add(tool.name() + ": " + rejected);
        }
      }
    } finally {
      client.closeGracefully();
    }

    assertThat(clientErrors).as("errors raised by the official client").isEmpty();
    Map<String, String> expected = new LinkedHashMap<>();
    answers.properties().forEach(entry -> {
      String operation = "get" + Character.toUpperCase(entry.getKey().charAt(0))
          + entry.getKey().substring(1);
      entry.getValue().path("expect").properties().forEach(mode ->
          expected.put(mode.getKey() + "_" + operation, mode.getValue().asString()));
    });
    assertThat(seen).containsExactlyInAnyOrderEntriesOf(expected);

    running.close();
    running = null;
    List<String> lines = Files.readAllLines(dir.resolve("audit/audit.jsonl"));
    assertThat(lines).allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).isTrue());
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"method\":\"tools/list\""));
    assertThat(lines).filteredOn(line -> line.contains("\"method\":\"tools/call\""))
        .hasSize(3 * answers.size());
    assertThat(String.join("\n", lines)).doesNotContain(KEY);
  }
}
