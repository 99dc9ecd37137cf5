package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.client.ClientCapability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one API a tool asks its client through, on a 2025-11-25 session: the question travels as
 * a server-to-client request on the call's response stream, the answer as a POST of its own.
 */
class AskingTheClientOnSessionsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JettyHost host;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    McpGateway gateway = McpGateway.builder()
        .identityResolver(dev.mcpgate.api.IdentityResolver.anonymous())
        .clientRequestTimeout(Duration.ofSeconds(10))
        .tool(ToolDefinition.builder("delete_order").description("Deletes an order").build(),
            call -> {
              if (!call.client().supports(ClientCapability.ELICITATION)) {
                return ToolResult.error("cannot ask for confirmation");
              }
              return ToolResult.text(
                  call.client().confirm("confirm", "Delete order 42?") ? "deleted" : "kept");
            })
        .build();
    host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  void aConfirmationIsAskedOnTheResponseStreamAndAnsweredByAPost() throws Exception {
    String session = initialize("{\"elicitation\":{}}");
    HttpResponse<java.io.InputStream> call = http.send(post(session,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"delete_order\",\"arguments\":{}}}"),
        HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader events = new BufferedReader(
        new InputStreamReader(call.body(), StandardCharsets.UTF_8));

    JsonNode question = nextEvent(events);
    assertThat(question.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(question.path("params").path("message").asString()).isEqualTo("Delete order 42?");
    HttpResponse<String> answered = http.send(post(session,
            "{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":"
                + "{\"action\":\"accept\",\"content\":{\"confirm\":true}}}"),
        HttpResponse.BodyHandlers.ofString());
    JsonNode result = nextEvent(events);

    assertThat(answered.statusCode()).isEqualTo(202);
    assertThat(result.path("id").asInt()).isEqualTo(2);
    assertThat(result.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("deleted");
    events.close();
  }

  @Test
  void aClientThatDidNotDeclareElicitationIsNotAsked() throws Exception {
    String session = initialize("{}");

    HttpResponse<String> call = http.send(post(session,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"delete_order\",\"arguments\":{}}}"),
        HttpResponse.BodyHandlers.ofString());
    JsonNode result = JSON.readTree(call.body());

    assertThat(result.path("result").path("isError").asBoolean()).isTrue();
    assertThat(result.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("cannot ask for confirmation");
  }

  private String initialize(String capabilities) throws Exception {
    HttpResponse<String> response = http.send(post(null,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ","
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
        HttpResponse.BodyHandlers.ofString());
    String session = response.headers().firstValue("MCP-Session-Id").orElseThrow();
    http.send(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
        HttpResponse.BodyHandlers.ofString());
    return session;
  }

  private HttpRequest post(String session, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(host.mcp())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-11-25")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("MCP-Session-Id", session);
    }
    return request.build();
  }

  private static JsonNode nextEvent(BufferedReader events) throws Exception {
    String line;
    while ((line = events.readLine()) != null) {
      if (line.startsWith("data:")) {
        return JSON.readTree(line.substring(5).strip());
      }
    }
    throw new AssertionError("the stream ended");
  }
}
