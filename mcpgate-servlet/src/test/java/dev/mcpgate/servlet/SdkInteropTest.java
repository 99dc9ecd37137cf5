package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The official MCP Java SDK client (2.1.0) against the filter under embedded Jetty 12: proof
 * of interoperability from a client we did not write.
 */
class SdkInteropTest {

  private static final int TOOLS = 10;

  @Test
  void theOfficialJavaClientInitializesPagesThroughToolsCallsOneAndEndsTheSession()
      throws Exception {
    McpGateway.Builder builder = TestTools.gateway().pageSize(3);
    for (int i = 0; i < TOOLS - 2; i++) {
      builder.tool(ToolDefinition.builder(String.format("extra_%02d", i)).build(),
          call -> ToolResult.text("extra"));
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    Filter recorder = (request, response, chain) -> {
      chain.doFilter(request, response);
      seen.add(((HttpServletRequest) request).getMethod() + " "
          + ((HttpServletResponse) response).getStatus());
    };
    try (JettyHost host =
        JettyHost.withFilter(builder.build(), McpTransportConfig.defaults(), recorder)) {
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder(host.base().toString())
              .endpoint("/mcp")
              .build();
      McpSyncClient client =
          McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();

      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.protocolVersion()).isIn(McpGateway.SUPPORTED_PROTOCOL_VERSIONS);
      assertThat(init.serverInfo().name()).isEqualTo("transport-test");
      assertThat(init.capabilities().tools()).isNotNull();

      List<String> names = new ArrayList<>();
      int pages = 0;
      String cursor = null;
      do {
        McpSchema.ListToolsResult page = client.listTools(cursor);
        page.tools().forEach(tool -> names.add(tool.name()));
        cursor = page.nextCursor();
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(4);
      assertThat(names).hasSize(TOOLS).doesNotHaveDuplicates().contains("echo", "count");

      McpSchema.CallToolResult result =
          client.callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("text", "from the SDK")).build());
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(((McpSchema.TextContent) result.content().get(0)).text())
          .isEqualTo("from the SDK");

      McpSchema.CallToolResult invalid =
          client.callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("text", 42)).build());
      assertThat(invalid.isError()).isTrue();

      assertThat(client.closeGracefully()).isTrue();
      assertThat(seen).contains("DELETE 204");
    }
  }

  /**
   * A test-only policy: {@code count} is alice's alone, {@code report} bob's alone; both see
   * {@code echo}.
   */
  private static final PolicyEngine PER_CALLER = request -> {
    String subject = request.caller().subject();
    return switch (request.tool().name()) {
      case "count" -> "alice".equals(subject)
          ? PolicyDecision.allow("alice counts") : PolicyDecision.deny("alice only");
      case "report" -> "bob".equals(subject)
          ? PolicyDecision.allow("bob reports") : PolicyDecision.deny("bob only");
      default -> PolicyDecision.allow("everyone");
    };
  };

  private static McpSyncClient sdkClient(JettyHost host, String bearerToken) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(host.base().toString()).endpoint("/mcp");
    if (bearerToken != null) {
      // SDK 2.1.0 adds headers per request through a request customizer.
      transport.addHttpRequestCustomizer((request, method, endpoint, body, context) ->
          request.header("Authorization", TestIdentities.bearer(bearerToken)));
    }
    return McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(10)).build();
  }

  private static List<String> toolNames(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static McpError callError(McpSyncClient client, String tool) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
        client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(Map.of()).build()));
    assertThat(thrown).as(tool).isInstanceOf(McpError.class);
    return (McpError) thrown;
  }

  @Test
  void withBearerTokensEachCallerSeesOnlyItsToolsAndAHiddenToolFailsLikeAnUnknownOne()
      throws Exception {
    McpGateway gateway = TestTools.gateway()
        .identityResolver(TestIdentities.resolver())
        .policy(PER_CALLER)
        .tool(ToolDefinition.builder("report").description("Bob's report").build(),
            call -> ToolResult.text("report for " + call.caller().subject()))
        .build();
    try (JettyHost host = JettyHost.withFilter(gateway, McpTransportConfig.builder()
        .protectedResource(ProtectedResourceMetadata
            .builder(java.net.URI.create("https://orders.example.com/mcp")).build())
        .build())) {
      McpSyncClient alice = sdkClient(host, TestIdentities.ALICE);
      McpSyncClient bob = sdkClient(host, TestIdentities.BOB);
      alice.initialize();
      bob.initialize();

      assertThat(toolNames(alice)).containsExactlyInAnyOrder("echo", "count");
      assertThat(toolNames(bob)).containsExactlyInAnyOrder("echo", "report");

      McpSchema.CallToolResult report =
          bob.callTool(McpSchema.CallToolRequest.builder("report").arguments(Map.of()).build());
      assertThat(((McpSchema.TextContent) report.content().get(0)).text())
          .isEqualTo("report for bob");

      McpError hidden = callError(alice, "report");
      McpError unknown = callError(alice, "no_such");
      assertThat(hidden.getJsonRpcError().code())
          .isEqualTo(unknown.getJsonRpcError().code())
          .isEqualTo(-32602);
      assertThat(hidden.getJsonRpcError().message()).isEqualTo("Unknown tool: report");
      assertThat(unknown.getJsonRpcError().message()).isEqualTo("Unknown tool: no_such");
      assertThat(hidden.getJsonRpcError().data()).isEqualTo(unknown.getJsonRpcError().data());
      McpError hiddenFromBob = callError(bob, "count");
      assertThat(hiddenFromBob.getJsonRpcError().message()).isEqualTo("Unknown tool: count");

      assertThat(alice.closeGracefully()).isTrue();
      assertThat(bob.closeGracefully()).isTrue();
    }
  }

  @Test
  void withoutATokenTheOfficialClientsInitializeFailsOnThe401() throws Exception {
    McpGateway gateway =
        TestTools.gateway().identityResolver(TestIdentities.resolver(Set.of("orders:read")))
            .build();
    List<String> seen = new CopyOnWriteArrayList<>();
    Filter recorder = (request, response, chain) -> {
      chain.doFilter(request, response);
      seen.add(((HttpServletRequest) request).getMethod() + " "
          + ((HttpServletResponse) response).getStatus() + " "
          + ((HttpServletResponse) response).getHeader("WWW-Authenticate"));
    };
    try (JettyHost host =
        JettyHost.withFilter(gateway, McpTransportConfig.defaults(), recorder)) {
      McpSyncClient anonymous = sdkClient(host, null);
      McpSyncClient forged = sdkClient(host, "forged");

      assertThatThrownBy(anonymous::initialize).hasStackTraceContaining("401");
      assertThatThrownBy(forged::initialize).hasStackTraceContaining("401");
      assertThat(seen).contains("POST 401 Bearer scope=\"orders:read\"");
      assertThat(seen).allSatisfy(line -> assertThat(line).contains(" 401 "));
      anonymous.close();
      forged.close();
    }
  }
}
