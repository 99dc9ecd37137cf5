package dev.mcpgate.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The tutorial's Tomcat main as docs/embedding.md describes it, on a free loopback port. */
class EmbeddedTomcatTest {

  private final String key = ClientRegistry.generateKey();
  @TempDir Path dir;
  private Path auditFile;
  private EmbeddedTomcat app;
  private McpTestClient agent;

  @BeforeEach
  void start() throws Exception {
    auditFile = dir.resolve("audit.jsonl");
    app = EmbeddedTomcat.start(0, key, auditFile);
    agent = McpTestClient.builder(mcpUrl()).header("Authorization", "Bearer " + key).build();
    assertThat(agent.initialize().status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void theAgentSeesTheReadOnlyToolOnly() {
    McpExchange list = agent.listTools(null);

    List<String> names = new ArrayList<>();
    list.response().path("result").path("tools")
        .forEach(tool -> names.add(tool.path("name").asString()));
    assertThat(names).containsExactly("get_order");
  }

  @Test
  void theAgentCallsGetOrder() {
    JsonNode result = agent.callTool("get_order", McpTestClient.json("{\"orderId\":\"ord-1001\"}"))
        .response().path("result");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("content").get(0).path("text").asString())
        .contains("\"customer\":\"Ada Lovelace\"");
  }

  @Test
  void aToolThePolicyHidesIsAnUnknownTool() {
    JsonNode response = agent.callTool("cancel_order",
        McpTestClient.json("{\"orderId\":\"ord-1001\"}")).response();

    assertThat(response.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void withoutTheKeyTheEndpointAnswers401() {
    McpTestClient anonymous = McpTestClient.builder(mcpUrl()).build();

    assertThat(anonymous.listTools(null).status()).isEqualTo(401);
  }

  @Test
  void theApplicationsOwnRouteIsUntouched() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/api/orders/ord-1002"))
            .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"shipped\"");
  }

  @Test
  void eachCallLeavesOneJsonLineInTheAuditFileWithoutTheKey() throws Exception {
    agent.callTool("get_order", McpTestClient.json("{\"orderId\":\"ord-1002\"}"));
    app.close();

    String audit = Files.readString(auditFile, StandardCharsets.UTF_8);
    assertThat(audit.lines().filter(line -> line.contains("\"method\":\"tools/call\"")))
        .singleElement().satisfies(line -> assertThat(line)
            .startsWith("{").contains("\"tool\":\"get_order\"", "\"clientId\":\"orders-agent\"",
                "\"outcome\":\"ok\""));
    assertThat(audit).doesNotContain(key);
  }

  @Test
  void aTakenPortIsAnIoExceptionNamingNoKey() {
    assertThatThrownBy(() -> EmbeddedTomcat.start(app.port(), key, dir.resolve("second.jsonl")))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(key));
  }

  private URI mcpUrl() {
    return URI.create("http://localhost:" + app.port() + "/mcp");
  }
}
