package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.api.ToolDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpGatewayBuilderTest {

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void aPageSizeOutside1To1000IsRefused(int pageSize) {
    assertThatThrownBy(() -> McpGateway.builder().pageSize(pageSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize")
        .hasMessageContaining(String.valueOf(pageSize));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1000})
  void pageSizesAtTheBoundsAreAccepted(int pageSize) {
    McpGateway gateway = McpGateway.builder().pageSize(pageSize).build();
    gateway.tools().registerAll(numberedTools(pageSize + 1));

    assertThat(ToolsListTest.list(TestClient.connect(gateway), null).get("tools"))
        .hasSize(pageSize);
  }

  @Test
  void theDefaultPageSizeIs100() {
    McpGateway gateway = McpGateway.builder().build();
    gateway.tools().registerAll(numberedTools(150));

    assertThat(ToolsListTest.list(TestClient.connect(gateway), null).get("tools")).hasSize(100);
  }

  @Test
  void twoToolsWithTheSameNameAreRefused() {
    McpGateway.Builder builder = McpGateway.builder().tool(Tools.tool("dup"), Tools.echo());

    assertThatThrownBy(() -> builder.tool(Tools.tool("dup"), Tools.echo()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dup");
  }

  @Test
  void aToolWithAnInvalidSchemaFailsTheBuild() {
    McpGateway.Builder builder =
        McpGateway.builder().tool(Tools.tool("t", "{\"type\":\"string\"}"), Tools.echo());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t'");
  }

  @Test
  void toolsAddedToTheBuilderAreServed() {
    McpGateway gateway =
        McpGateway.builder()
            .tool(Tools.tool("b"), Tools.echo())
            .tool(Tools.tool("a"), Tools.echo())
            .build();

    assertThat(gateway.tools().size()).isEqualTo(2);
    assertThat(
            ToolsListTest.names(ToolsListTest.list(TestClient.connect(gateway), null).get("tools")))
        .containsExactly("a", "b");
  }

  @Test
  void nullsAreRefused() {
    McpGateway.Builder builder = McpGateway.builder();

    assertThatThrownBy(() -> builder.serverInfo(null, "1"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.serverInfo("n", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.policy(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.identityResolver(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.auditSink(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.tool(null, Tools.echo()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.tool(Tools.tool("t"), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void byDefaultNoCallerIsAuthenticated() {
    IdentityResult result =
        McpGateway.builder().build().endpoint().authenticate(new PostRequest());

    assertThat(result).isInstanceOf(IdentityResult.Unauthenticated.class);
  }

  @Test
  void theClockIsTheOneConfigured() {
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    assertThat(McpGateway.builder().clock(clock).build().endpoint().clock()).isSameAs(clock);
  }

  @Test
  void theSupportedProtocolVersionsAreTheThreeNewest() {
    assertThat(McpGateway.SUPPORTED_PROTOCOL_VERSIONS)
        .containsExactly("2025-11-25", "2025-06-18", "2025-03-26");
    assertThat(McpEndpoint.isSupportedProtocolVersion("2025-06-18")).isTrue();
    assertThat(McpEndpoint.isSupportedProtocolVersion("2024-11-05")).isFalse();
  }

  private static Map<ToolDefinition, ToolHandler> numberedTools(int count) {
    Map<ToolDefinition, ToolHandler> tools = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      tools.put(Tools.tool(ToolsListTest.name(i)), Tools.echo());
    }
    return tools;
  }

  private static final class PostRequest implements InboundRequest {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/mcp";
    }

    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      return List.of();
    }
  }
}
