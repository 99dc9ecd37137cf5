package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
