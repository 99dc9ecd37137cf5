package dev.mcpgate.admin.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.testkit.JwksServer;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.TestJwt;
import dev.mcpgate.testkit.TestKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OIDC tokens for the operator audience authenticate at the Management MCP endpoint with the
 * role their scopes grant; a token for the data plane's audience, or one granting no role, does
 * not.
 */
class ManagementIdentityTest {

  static final String ISSUER = "https://idp.example.test";
  static final TestKey KEY = TestKey.rs256("k1");

  private JwksServer jwks;
  private ManagementServer server;
  private final List<McpTestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    jwks = JwksServer.start(KEY);
    JwtIdentityResolver oidc = JwtIdentityResolver.builder().jwksUrl(jwks.uri())
        .issuer(ISSUER).audience("mcpgate-admin").scopeClaims("scope").build();
    server = ManagementServer.start(api -> api.oidc(oidc),
        mcp -> mcp.confirmation(HumanConfirmation.notRequired()));
  }

  @AfterEach
  void stop() {
    clients.forEach(McpTestClient::close);
    server.close();
    jwks.close();
  }

  private static String jwt(String audience, String scope) {
    return TestJwt.builder().issuer(ISSUER).audience(audience).subject("carol")
        .claim("scope", scope).expiresIn(Duration.ofMinutes(5)).signWith(KEY);
  }

  private McpExchange initialize(String token) {
    McpTestClient client = McpTestClient.builder(server.endpoint())
        .header("Authorization", "Bearer " + token).build();
    clients.add(client);
    return client.post(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
        + "{\"name\":\"t\",\"version\":\"1\"}}}").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  @Test
  void anOidcViewerSeesTheReadsOnly() {
    McpTestClient client = server.client(jwt("mcpgate-admin", "mcpgate:viewer"));
    clients.add(client);

    List<String> names = new ArrayList<>();
    client.listTools(null).response().path("result").path("tools")
        .forEach(tool -> names.add(tool.path("name").asString()));

    assertThat(names).contains("listClients").doesNotContain("apply", "createClient");
  }

  @Test
  void anOidcOperatorsChangeIsRecordedUnderItsSubjectWithSurfaceMcp() {
    McpTestClient client = server.client(jwt("mcpgate-admin", "mcpgate:operator"));
    clients.add(client);

    String token = client.callTool("createClient", McpTestClient.json("{\"body\":{\"id\":"
        + "\"shop\"}}")).response().at("/result/structuredContent/planToken").asString();
    JsonNode applied = client.callTool("apply", McpTestClient.json("{\"planToken\":\"" + token
        + "\"}")).response().path("result");

    assertThat(applied.path("isError").asBoolean()).isFalse();
    ChangeEvent change = server.control.changes(ChangeQuery.latest(1)).get(0);
    assertThat(change.actor()).isEqualTo("oidc:carol");
    assertThat(change.surface()).isEqualTo(Surface.MCP);
  }

  @Test
  void aTokenForTheDataPlanesAudienceGets401() {
    McpExchange exchange = initialize(jwt("mcpgate-mcp", "mcpgate:admin"));

    assertThat(exchange.status()).isEqualTo(401);
  }

  @Test
  void aTokenGrantingNoOperatorRoleIsRefused() {
    McpExchange exchange = initialize(jwt("mcpgate-admin", "orders:read"));

    assertThat(exchange.status()).isEqualTo(403);
    assertThat(exchange.header("WWW-Authenticate").orElse(""))
        .contains("insufficient_scope");
  }
}
