package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.limits.RateLimits;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.RecordingAuditSink;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The filter in front of the host application's own REST routes: the same credentials, rate
 * limits and audit trail as the MCP endpoint, on Jetty 12.
 */
class RestAuthenticationTest {

  private static final String APP_KEY = "app-key-7c2d";
  private static final ProtectedResourceMetadata METADATA =
      ProtectedResourceMetadata.builder(URI.create("https://orders.example.com/mcp")).build();
  private static final String CHALLENGE = "Bearer resource_metadata=\""
      + "https://orders.example.com/.well-known/oauth-protected-resource/mcp\"";

  /** What reached the application's servlet: dispatch type and the caller attribute. */
  record Seen(String uri, DispatcherType dispatch, Object caller) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private JettyHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  /**
   * A host app: the MCP filter mapped for every dispatch type (so that skipping forwards is the
   * filter's own doing), the app's API-key check on forwards, and its servlet under /api, /health
   * and /static.
   */
  private void start(RateLimits limits) throws Exception {
    start(limits, TestIdentities.resolver());
  }

  private void start(RateLimits limits, IdentityResolver identity) throws Exception {
    HttpUpstream self = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("app-key", APP_KEY))
        .dispatcher(InProcessDispatcher.create())
        .build();
    CredentialBinding key = new CredentialBinding("app-key", AuthKind.API_KEY,
        "memory:app-key", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));
    McpGateway gateway = TestTools.gateway()
        .identityResolver(identity)
        .rateLimiter(limits)
        .auditSink(audit)
        .source(Source.approved("app"))
        .tool(ToolDefinition.builder("get_order").source("app").operationId("getOrder")
            .inputSchema("""
                {"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}""")
            .http(new HttpOperation("GET", "http://localhost:1/api", "/orders/{id}",
                List.of(new ParameterBinding("id", Location.PATH, "id", null, null, true)), null))
            .build(), self.handler(key))
        .build();
    McpTransportConfig config = McpTransportConfig.builder()
        .protectedResource(METADATA)
        .authenticateRestRoutes(true)
        .publicPaths(List.of("/health", "/static/*"))
        .build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway, config));
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/*", EnumSet.allOf(DispatcherType.class));
    context.addFilter(new FilterHolder(forwardKeyCheck()), "/api/*",
        EnumSet.of(DispatcherType.FORWARD));
    ServletHolder app = new ServletHolder(app());
    app.setAsyncSupported(true);
    context.addServlet(app, "/*");
    host = JettyHost.start(context);
  }

  private void start() throws Exception {
    start(RateLimits.builder().build());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(host.base().resolve(path));
    if (token != null) {
      request.header("Authorization", TestIdentities.bearer(token));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private McpTestClient mcpClient(String token) {
    McpTestClient client = McpTestClient.builder(host.mcp())
        .header("Authorization", TestIdentities.bearer(token))
        .build();
    client.initialize();
    return client;
  }

  private List<AuditEvent> restEvents() {
    return audit.events().stream().filter(event -> event.method().equals("rest")).toList();
  }

  @Test
  void anAuthenticatedRequestReachesTheAppWithItsCallerOnTheRestSurface() throws Exception {
    start();

    HttpResponse<String> response = get("/api/orders", TestIdentities.ALICE);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("caller alice partner-a rest");
    CallerContext caller = (CallerContext) seen.get(0).caller();
    assertThat(caller.surface()).isEqualTo("rest");
    assertThat(caller.tokenId()).isEqualTo("alice-jti");
    assertThat(caller.environment()).isEqualTo("sandbox");
  }

  @Test
  void aRequestWithoutCredentialsGets401WithTheSameChallengeAsTheMcpEndpoint() throws Exception {
    start();

    HttpResponse<String> rest = get("/api/orders", null);
    McpExchange mcp = McpTestClient.builder(host.mcp()).build().send("DELETE", Map.of());

    assertThat(rest.statusCode()).isEqualTo(401);
    assertThat(rest.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
    assertThat(mcp.header("WWW-Authenticate")).hasValue(CHALLENGE);
    assertThat(rest.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(rest.body()).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
    assertThat(seen).isEmpty();
  }

  @Test
  void anInvalidTokenGets401AndATokenLackingScope403() throws Exception {
    start();

    HttpResponse<String> invalid = get("/api/orders", "forged");
    HttpResponse<String> narrow = get("/api/orders", TestIdentities.NARROW);

    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(invalid.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
    assertThat(narrow.statusCode()).isEqualTo(403);
    assertThat(narrow.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        value -> assertThat(value).startsWith(
            "Bearer error=\"insufficient_scope\", scope=\"orders:write\""));
    assertThat(seen).isEmpty();
  }

  @Test
  void publicPathsAndTheMetadataDocumentNeedNoCredential() throws Exception {
    start();

    assertThat(get("/health", null).body()).isEqualTo("caller none");
    assertThat(get("/static/app.js", null).body()).isEqualTo("caller none");
    assertThat(get("/.well-known/oauth-protected-resource/mcp", null).statusCode())
        .isEqualTo(200);
    assertThat(get("/healthz", null).statusCode()).isEqualTo(401);
    assertThat(get("/health/deep", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aRawPathThatOnlyLooksPublicIsNotLetThrough() throws Exception {
    start();

    for (String path : List.of("/static/../api/orders", "/static/%2e%2e/api/orders",
        "/health;x=1/../api/orders")) {
      RawHttp.Response response =
          RawHttp.send(host.port(), "GET", path, Map.of(), new byte[0]);

      assertThat(response.status()).as(path).isIn(400, 401);
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void aCorsPreflightPassesWithoutCredentials() throws Exception {
    start();

    RawHttp.Response preflight = RawHttp.send(host.port(), "OPTIONS", "/api/orders",
        Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "POST"),
        new byte[0]);
    RawHttp.Response plainOptions =
        RawHttp.send(host.port(), "OPTIONS", "/api/orders", Map.of(), new byte[0]);

    assertThat(preflight.status()).isEqualTo(200);
    assertThat(plainOptions.status()).isEqualTo(401);
  }

  @Test
  void overTheLimitARestRequestGets429WithRetryAfterAndNeverReachesTheApp() throws Exception {
    start(RateLimits.builder().perClient(2, Duration.ofMinutes(1)).build());

    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(200);
    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = get("/api/orders", TestIdentities.ALICE);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    assertThat(limited.body()).contains("\"status\":429");
    assertThat(seen).hasSize(2);
    assertThat(get("/api/orders", TestIdentities.BOB).statusCode())
        .as("another client has its own allowance").isEqualTo(200);
  }

  @Test
  void restRequestsAndMcpToolCallsShareTheClientsAllowance() throws Exception {
    start(RateLimits.builder().perClient(2, Duration.ofMinutes(1)).build());
    McpTestClient alice = mcpClient(TestIdentities.ALICE);

    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(200);
    McpExchange call = alice.callTool("echo", McpTestClient.json("{\"text\":\"one\"}"));
    assertThat(call.response().path("result").path("isError").asBoolean()).isFalse();

    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(429);
    McpExchange limited = alice.callTool("echo", McpTestClient.json("{\"text\":\"two\"}"));
    assertThat(limited.status()).as("MCP answers a limit inside the protocol").isEqualTo(200);
    JsonNode result = limited.response().path("result");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString())
        .contains("Rate limit reached").contains("retry after");
  }

  @Test
  void restCanHaveALimitOfItsOwnUnderTheRestCallName() throws Exception {
    start(RateLimits.builder()
        .perClient(100, Duration.ofMinutes(1))
        .perTool(McpFilter.REST_CALL_NAME, 1, Duration.ofMinutes(1))
        .build());
    McpTestClient alice = mcpClient(TestIdentities.ALICE);

    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(200);
    assertThat(get("/api/orders", TestIdentities.ALICE).statusCode()).isEqualTo(429);
    McpExchange call = alice.callTool("echo", McpTestClient.json("{\"text\":\"still fine\"}"));
    assertThat(call.response().path("result").path("isError").asBoolean()).isFalse();
  }

  @Test
  void everyRestRequestIsAuditedWithItsCallerGatesAndOutcome() throws Exception {
    start(RateLimits.builder().perClient(1, Duration.ofMinutes(1)).build());

    get("/api/orders?secret=query-value", TestIdentities.ALICE);
    get("/api/orders", TestIdentities.ALICE);
    get("/api/orders", "forged");
    get("/health", null);

    List<AuditEvent> events = restEvents();
    assertThat(events).hasSize(3);
    AuditEvent ok = events.get(0);
    assertThat(ok.caller().subject()).isEqualTo("alice");
    assertThat(ok.caller().surface()).isEqualTo("rest");
    assertThat(ok.outcome()).isEqualTo(AuditOutcome.OK);
    assertThat(ok.details()).containsEntry("httpMethod", "GET")
        .containsEntry("path", "/api/orders");
    assertThat(ok.toString()).doesNotContain("query-value", TestIdentities.ALICE);
    assertThat(ok.adapter().status()).isEqualTo(200);
    assertThat(ok.gates()).extracting(gate -> gate.gate().jsonName(), GateOutcome::passed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("identity", true),
            org.assertj.core.groups.Tuple.tuple("rateLimit", true));
    AuditEvent limited = events.get(1);
    assertThat(limited.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(limited.gates().get(1).gate()).isEqualTo(GateId.RATE_LIMIT);
    assertThat(limited.gates().get(1).passed()).isFalse();
    assertThat(limited.adapter()).isNull();
    AuditEvent invalid = events.get(2);
    assertThat(invalid.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(invalid.caller().isAnonymous()).isTrue();
    assertThat(invalid.caller().surface()).isEqualTo("rest");
    assertThat(invalid.gates()).containsExactly(
        new GateOutcome(GateId.IDENTITY, false, "invalid_token"));
    assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
  }

  @Test
  void anInProcessToolCallIsNotAuthenticatedAgainWithTheMcpCaller() throws Exception {
    start(RateLimits.builder().perClient(1, Duration.ofMinutes(1)).build());
    McpTestClient alice = mcpClient(TestIdentities.ALICE);

    McpExchange call = alice.callTool("get_order", McpTestClient.json("{\"id\":\"A-1\"}"));

    JsonNode result = call.response().path("result");
    assertThat(result.path("isError").asBoolean()).as(call.body()).isFalse();
    assertThat(result.path("content").get(0).path("text").asString())
        .isEqualTo("caller none");
    assertThat(seen).singleElement().satisfies(request -> {
      assertThat(request.dispatch()).isEqualTo(DispatcherType.FORWARD);
      assertThat(request.caller()).isNull();
    });
    assertThat(restEvents()).as("the forward is neither audited nor counted as REST").isEmpty();
  }

  @Test
  void aSurfaceTheResolverChoseItselfIsKept() throws Exception {
    start(RateLimits.builder().build(), request -> new IdentityResult.Authenticated(
        TestIdentities.caller("carol", "partner-c").toBuilder().surface("batch").build()));

    assertThat(get("/api/orders", null).body()).isEqualTo("caller carol partner-c batch");
  }

  @Test
  void aBrokenResolverFailsTheRequestWith500WithoutItsDetail() throws Exception {
    start(RateLimits.builder().build(), request -> {
      throw new IllegalStateException("idp unreachable at 10.0.0.7");
    });

    HttpResponse<String> response = get("/api/orders", TestIdentities.ALICE);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("10.0.0.7", "idp").contains("logged as request");
    assertThat(seen).isEmpty();
    assertThat(restEvents()).singleElement()
        .satisfies(event -> assertThat(event.outcome()).isEqualTo(AuditOutcome.ERROR));
  }

  /** The app's own check of forwarded (in-process) calls: its API key. */
  private static Filter forwardKeyCheck() {
    return (request, response, chain) -> {
      if (!APP_KEY.equals(((HttpServletRequest) request).getHeader("X-Api-Key"))) {
        ((HttpServletResponse) response).sendError(401);
        return;
      }
      chain.doFilter(request, response);
    };
  }

  private HttpServlet app() {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        Object attribute = request.getAttribute(McpFilter.CALLER_ATTRIBUTE);
        seen.add(new Seen(request.getRequestURI(), request.getDispatcherType(), attribute));
        response.setContentType("text/plain");
        String body = attribute instanceof CallerContext caller
            ? "caller " + caller.subject() + " " + caller.clientId() + " " + caller.surface()
            : "caller none";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
