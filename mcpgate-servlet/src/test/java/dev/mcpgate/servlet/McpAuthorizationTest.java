package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The MCP endpoint as an OAuth protected resource (RFC 6750, RFC 9728, MCP 2025-11-25
 * authorization): challenges, the metadata document, and sessions bound to who opened them.
 */
class McpAuthorizationTest {

  private static final URI RESOURCE = URI.create("https://orders.example.com/mcp");
  private static final String METADATA_URL =
      "https://orders.example.com/.well-known/oauth-protected-resource/mcp";
  private static final ProtectedResourceMetadata METADATA =
      ProtectedResourceMetadata.builder(RESOURCE)
          .authorizationServer(URI.create("https://login.example.com/realms/orders"))
          .scopesSupported(List.of("orders:read", "orders:write"))
          .resourceName("Orders")
          .resourceDocumentation(URI.create("https://docs.example.com/orders-mcp"))
          .build();

  private static final String INIT =
      """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
       "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

  private JettyHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  private void start(McpTransportConfig config, Set<String> requiredScopes) throws Exception {
    host = JettyHost.withFilter(
        TestTools.gateway().identityResolver(TestIdentities.resolver(requiredScopes)).build(),
        config);
  }

  private McpTestClient client(String token) {
    return McpTestClient.builder(host.mcp())
        .header("Authorization", TestIdentities.bearer(token))
        .build();
  }

  /** Posts an initialize request whatever the answer; {@code initialize()} insists on a 200. */
  private static McpExchange tryInitialize(McpTestClient client) {
    return client.post(INIT.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(host.base().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutMetadataAMissingTokenGetsAPlainBearerChallenge() throws Exception {
    start(McpTransportConfig.defaults(), Set.of());

    McpExchange exchange = tryInitialize(McpTestClient.builder(host.mcp()).build());

    assertThat(exchange.status()).isEqualTo(401);
    assertThat(exchange.header("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void aMissingTokenGets401NamingTheMetadataAndTheScopesToAskFor() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(),
        Set.of("orders:read"));

    McpExchange exchange = tryInitialize(McpTestClient.builder(host.mcp()).build());

    assertThat(exchange.status()).isEqualTo(401);
    assertThat(exchange.header("WWW-Authenticate")).hasValue(
        "Bearer resource_metadata=\"" + METADATA_URL + "\", scope=\"orders:read\"");
    assertThat(exchange.response().path("error").path("message").asString())
        .isEqualTo("Unauthorized");
  }

  @Test
  void aMissingTokenWithoutRequiredScopesNamesOnlyTheMetadata() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());

    McpExchange exchange = tryInitialize(McpTestClient.builder(host.mcp()).build());

    assertThat(exchange.header("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + METADATA_URL + "\"");
  }

  @Test
  void anInvalidTokenGets401InvalidTokenWithTheMetadata() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());

    McpExchange exchange = tryInitialize(client("forged"));

    assertThat(exchange.status()).isEqualTo(401);
    assertThat(exchange.header("WWW-Authenticate")).hasValue(
        "Bearer error=\"invalid_token\", resource_metadata=\"" + METADATA_URL
            + "\", error_description=\"unknown or expired token\"");
  }

  @Test
  void aCredentialNoResolverReadsIsAnInvalidTokenNotAMissingOne() throws Exception {
    // Only API keys configured: a bearer value of another format is still a credential, wrong.
    var registry = new dev.mcpgate.core.identity.ClientRegistry();
    host = JettyHost.withFilter(TestTools.gateway()
        .identityResolver(dev.mcpgate.core.identity.ApiKeyIdentityResolver.of(registry))
        .build(), McpTransportConfig.defaults());

    McpExchange notAKey = tryInitialize(McpTestClient.builder(host.mcp())
        .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.").build());
    McpExchange basic = tryInitialize(McpTestClient.builder(host.mcp())
        .header("Authorization", "Basic dXNlcjpwYXNzd29yZA==").build());
    McpExchange none = tryInitialize(McpTestClient.builder(host.mcp()).build());

    for (McpExchange wrong : List.of(notAKey, basic)) {
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.header("WWW-Authenticate")).hasValue(
          "Bearer error=\"invalid_token\", error_description=\"credential not accepted\"");
      assertThat(wrong.body()).doesNotContain("eyJhbGciOiJub25lIn0", "dXNlcjpwYXNzd29yZA");
    }
    assertThat(none.header("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void twoAuthorizationHeadersAreAnInvalidTokenWhateverTheResolverSays() throws Exception {
    start(McpTransportConfig.defaults(), Set.of());

    // Two spellings of one name: the raw client sends two Authorization header fields.
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json, text/event-stream");
    headers.put("Authorization", TestIdentities.bearer(TestIdentities.ALICE));
    headers.put("authorization", TestIdentities.bearer(TestIdentities.BOB));

    RawHttp.Response response = RawHttp.post(host.port(), host.mcp().getRawPath(), headers,
        INIT.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.head()).contains("invalid_token");
  }

  @Test
  void aTokenLackingScopeGets403InsufficientScopeNamingTheScope() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());

    McpExchange exchange = tryInitialize(client(TestIdentities.NARROW));

    assertThat(exchange.status()).isEqualTo(403);
    // The quotes of the resolver's description cannot be quoted in a header; they are dropped.
    assertThat(exchange.header("WWW-Authenticate")).hasValue(
        "Bearer error=\"insufficient_scope\", scope=\"orders:write\", resource_metadata=\""
            + METADATA_URL + "\", error_description=\"the token lacks orders:write\"");
  }

  @Test
  void withoutMetadataRejectedTokensStillGetTheirErrorCodes() throws Exception {
    start(McpTransportConfig.defaults(), Set.of());

    assertThat(tryInitialize(client("forged")).header("WWW-Authenticate")).hasValue(
        "Bearer error=\"invalid_token\", error_description=\"unknown or expired token\"");
    McpExchange narrow = tryInitialize(client(TestIdentities.NARROW));
    assertThat(narrow.status()).isEqualTo(403);
    assertThat(narrow.header("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).startsWith("Bearer error=\"insufficient_scope\""));
  }

  @Test
  void everyMethodOfTheEndpointDemandsACredential() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());
    McpTestClient alice = client(TestIdentities.ALICE);
    alice.initialize();
    McpTestClient anonymous = McpTestClient.builder(host.mcp()).build();
    anonymous.sessionId(alice.sessionId());

    McpExchange stream = anonymous.send("GET", Map.of("Accept", "text/event-stream"));
    McpExchange delete = anonymous.send("DELETE", Map.of());

    assertThat(stream.status()).isEqualTo(401);
    assertThat(stream.header("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).contains("resource_metadata=\"" + METADATA_URL + "\""));
    assertThat(delete.status()).isEqualTo(401);
    assertThat(alice.listTools(null).status()).isEqualTo(200);
  }

  @Test
  void theMetadataIsServedAtTheWellKnownPathAndItsPathSuffixedForm() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());

    for (String path : List.of("/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp")) {
      HttpResponse<String> response = get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      JsonNode document = McpTestClient.json(response.body());
      assertThat(document.path("resource").asString()).isEqualTo(RESOURCE.toString());
      assertThat(document.path("authorization_servers").get(0).asString())
          .isEqualTo("https://login.example.com/realms/orders");
      assertThat(document.path("scopes_supported").toString())
          .isEqualTo("[\"orders:read\",\"orders:write\"]");
      assertThat(document.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
      assertThat(document.path("resource_name").asString()).isEqualTo("Orders");
      assertThat(document.path("resource_documentation").asString())
          .isEqualTo("https://docs.example.com/orders-mcp");
    }
  }

  @Test
  void theMetadataDocumentIsOnlyRead() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());

    HttpResponse<String> post = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(host.base().resolve("/.well-known/oauth-protected-resource"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
  }

  @Test
  void theServletAnswersTheMetadataDocumentWhenItIsMappedThere() throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(new McpServlet(
        TestTools.gateway().identityResolver(TestIdentities.resolver()).build(),
        McpTransportConfig.builder().protectedResource(METADATA).build()));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    context.addServlet(servlet, "/.well-known/oauth-protected-resource/*");
    host = JettyHost.start(context);

    HttpResponse<String> document = get("/.well-known/oauth-protected-resource/mcp");
    McpExchange challenge = tryInitialize(McpTestClient.builder(host.mcp()).build());

    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(McpTestClient.json(document.body()).path("resource").asString())
        .isEqualTo(RESOURCE.toString());
    assertThat(challenge.header("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + METADATA_URL + "\"");
  }

  @Test
  void withoutMetadataTheWellKnownPathBelongsToTheHostApplication() throws Exception {
    start(McpTransportConfig.defaults(), Set.of());

    assertThat(get("/.well-known/oauth-protected-resource").body())
        .isEqualTo(JettyHost.HOST_ANSWER);
  }

  @Test
  void aSessionPresentedByAnotherIdentityAnswersExactlyLikeAnUnknownOne() throws Exception {
    start(McpTransportConfig.defaults(), Set.of());
    McpTestClient alice = client(TestIdentities.ALICE);
    alice.initialize();
    McpTestClient bob = client(TestIdentities.BOB);
    bob.sessionId(alice.sessionId());
    McpTestClient stranger = client(TestIdentities.BOB);
    stranger.sessionId("no-such-session-id-at-all-0123456789");

    McpExchange stolen = bob.listTools(null);
    McpExchange unknown = stranger.listTools(null);

    assertThat(stolen.status()).isEqualTo(404);
    assertThat(stolen.body()).isEqualTo(unknown.body());
    assertThat(bob.send("DELETE", Map.of()).status()).isEqualTo(404);
    assertThat(alice.listTools(null).status()).as("the session survives").isEqualTo(200);
  }

  @Test
  void aSessionIdNeverStandsInForACredential() throws Exception {
    start(McpTransportConfig.builder().protectedResource(METADATA).build(), Set.of());
    McpTestClient alice = client(TestIdentities.ALICE);
    alice.initialize();
    McpTestClient anonymous = McpTestClient.builder(host.mcp()).build();
    anonymous.sessionId(alice.sessionId());
    McpTestClient forged = client("forged");
    forged.sessionId(alice.sessionId());

    McpExchange withoutToken = anonymous.callTool("echo", McpTestClient.json("{\"text\":\"x\"}"));
    McpExchange withBadToken = forged.callTool("echo", McpTestClient.json("{\"text\":\"x\"}"));

    assertThat(withoutToken.status()).isEqualTo(401);
    assertThat(withoutToken.header("WWW-Authenticate")).hasValue(
        "Bearer resource_metadata=\"" + METADATA_URL + "\"");
    assertThat(withBadToken.status()).isEqualTo(401);
    assertThat(alice.callTool("echo", McpTestClient.json("{\"text\":\"x\"}")).status())
        .isEqualTo(200);
  }
}
