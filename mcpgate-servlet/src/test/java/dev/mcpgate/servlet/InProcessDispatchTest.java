package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.Headers;
import dev.mcpgate.core.upstream.UpstreamRequest;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * In-process dispatch on Jetty 12: a host app with its own API-key filter (mapped for REQUEST
 * and FORWARD) serves tools whose upstream is itself, through real MCP calls.
 */
class InProcessDispatchTest {

  private static final String APP_KEY = "app-key-4f1c9e";
  private static final String CALLER_TOKEN = "caller-token";
  private static final String CALLER_COOKIE = "JSESSIONID=caller-session; pref=caller-cookie";
  // Port 1: nothing listens there. A call that worked did not use the network.
  private static final String SERVER = "http://localhost:1/api";

  /** What the app saw of each request that reached its servlet. */
  record Seen(
      String method,
      String uri,
      String query,
      String body,
      Map<String, List<String>> headers,
      List<String> cookies,
      Map<String, List<String>> parameters,
      Object principal,
      DispatcherType dispatch,
      boolean hadSession) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private JettyHost host;
  private McpTestClient client;

  @BeforeEach
  void start() throws Exception {
    InMemorySecrets secrets = new InMemorySecrets()
        .put("app-key", APP_KEY)
        .put("wrong-key", "not-the-app-key");
    HttpUpstream self = HttpUpstream.builder()
        .credentials(secrets)
        .dispatcher(InProcessDispatcher.create())
        .maxResponseBytes(1000)
        .build();
    CredentialBinding key = apiKey("app-key");
    HttpUpstream direct = HttpUpstream.builder()
        .credentials(secrets)
        .dispatcher(InProcessDispatcher.direct(app(), "/api"))
        .maxResponseBytes(1000)
        .build();
    McpGateway gateway = McpGateway.builder()
        .serverInfo("in-process-test", "1.0")
        .identityResolver(request -> ("Bearer " + CALLER_TOKEN).equals(request.header("Authorization"))
            ? new IdentityResult.Authenticated(
                CallerContext.builder().clientId("agent").authMethod("bearer").build())
            : IdentityResult.unauthenticated())
        .source(Source.approved("app"))
        .tool(getOrder(), self.handler(key))
        .tool(getOrder().toBuilder().name("progress_then_get_order").build(), call -> {
          call.progress(1, 2.0, "starting");
          return self.handler(key).call(call);
        })
        .tool(getOrder().toBuilder().name("progress_then_get_order_directly").build(), call -> {
          call.progress(1, 2.0, "starting");
          return direct.handler(key).call(call);
        })
        .tool(tool("nowhere_directly", new HttpOperation("GET", "http://localhost:1/elsewhere",
            "/x", List.of(), null), "{\"type\":\"object\"}"), direct.handler(key))
        .tool(getOrder().toBuilder().name("get_order_wrong_key").build(),
            self.handler(apiKey("wrong-key")))
        .tool(tool("create_order", new HttpOperation("POST", SERVER, "/orders",
            List.of(new ParameterBinding("order", Location.BODY, null, null, null, true)),
            "application/json"), """
            {"type":"object","properties":{"order":{"type":"object"}},"required":["order"]}""")
            .toBuilder().outputSchema("{\"type\":\"object\"}").build(), self.handler(key))
        .tool(tool("search_form", new HttpOperation("POST", SERVER, "/search",
            List.of(new ParameterBinding("q", Location.QUERY, "q", null, null, true),
                new ParameterBinding("form", Location.BODY, null, null, null, true)),
            "application/x-www-form-urlencoded"), """
            {"type":"object","properties":{"q":{"type":"string"},"form":{"type":"object"}},
             "required":["q","form"]}"""), self.handler(key))
        .tool(tool("big", new HttpOperation("GET", SERVER, "/big", List.of(), null),
            "{\"type\":\"object\"}"), self.handler(key))
        .tool(tool("boom", new HttpOperation("GET", SERVER, "/boom", List.of(), null),
            "{\"type\":\"object\"}"), self.handler(key))
        .tool(tool("nowhere", new HttpOperation("GET", "http://localhost:1/elsewhere", "/x",
            List.of(), null), "{\"type\":\"object\"}"), self.handler(key))
        .build();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway, McpTransportConfig.defaults()));
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(apiKeyFilter()), "/api/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
    context.addServlet(new ServletHolder(app()), "/api/*");
    host = JettyHost.start(context);
    client = McpTestClient.builder(host.mcp())
        .header("Authorization", "Bearer " + CALLER_TOKEN)
        .header("Cookie", CALLER_COOKIE)
        .header("X-Caller-Only", "caller-header")
        .build();
    client.initialize();
  }

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void theCallSucceedsAndTheAppSawTheInjectedKey() {
    JsonNode result = call("get_order", "{\"id\":\"A-42\",\"verbose\":true,\"note\":\"rush\"}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).headers().get("x-api-key")).containsExactly(APP_KEY);
  }

  @Test
  void theAppSeesNoneOfTheMcpCallersCredentialsHeadersSessionOrLogin() {
    call("get_order", "{\"id\":\"A-42\",\"verbose\":true,\"note\":\"rush\"}");

    Seen request = seen.get(0);
    assertThat(request.headers()).doesNotContainKeys(
        "authorization", "cookie", "mcp-session-id", "mcp-protocol-version", "x-caller-only",
        "accept");
    assertThat(request.headers().keySet())
        .containsExactlyInAnyOrder("host", "x-api-key", "x-note");
    assertThat(request.cookies()).isEmpty();
    assertThat(request.principal()).isNull();
    assertThat(request.hadSession()).isFalse();
    assertThat(request.toString()).doesNotContain(CALLER_TOKEN, "caller-session", "caller-cookie");
  }

  @Test
  void methodPathQueryAndHeadersArriveExactly() {
    call("get_order", "{\"id\":\"A 42/x\",\"verbose\":true,\"note\":\"rush\"}");

    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo("/api/orders/A%2042%2Fx");
    assertThat(request.query()).isEqualTo("verbose=true");
    assertThat(request.parameters()).containsExactly(Map.entry("verbose", List.of("true")));
    assertThat(request.headers().get("x-note")).containsExactly("rush");
    assertThat(request.dispatch()).isEqualTo(DispatcherType.FORWARD);
  }

  @Test
  void aJsonBodyArrivesExactlyAndTheAppsStatusAndJsonComeBackAsStructuredContent() {
    JsonNode result = call("create_order", "{\"order\":{\"sku\":\"B-7\",\"qty\":3}}");

    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/api/orders");
    assertThat(request.body()).isEqualTo("{\"sku\":\"B-7\",\"qty\":3}");
    assertThat(request.headers().get("content-type")).containsExactly("application/json");
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.path("structuredContent").path("created").path("sku").asString())
        .isEqualTo("B-7");
    assertThat(result.path("content").get(0).path("text").asString()).contains("\"created\"");
  }

  @Test
  void formFieldsAndQueryBecomeParametersAndTheBodyStaysReadable() {
    call("search_form", "{\"q\":\"blue shoes\",\"form\":{\"size\":\"42\",\"tag\":\"a&b\"}}");

    Seen request = seen.get(0);
    assertThat(request.query()).isEqualTo("q=blue%20shoes");
    assertThat(request.parameters()).containsExactly(
        Map.entry("q", List.of("blue shoes")), Map.entry("size", List.of("42")),
        Map.entry("tag", List.of("a&b")));
    assertThat(request.body()).isEqualTo("size=42&tag=a%26b");
  }

  @Test
  void theAppsResponseHeadersAndCookiesStayOutOfTheMcpResponse() {
    McpExchange exchange = client.callTool("get_order",
        McpTestClient.json("{\"id\":\"A-42\",\"verbose\":false,\"note\":\"n\"}"));

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.header("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(exchange.headers()).doesNotContainKeys("x-app", "set-cookie");
    assertThat(exchange.response().path("result").path("structuredContent").path("id").asString())
        .isEqualTo("A-42");
  }

  @Test
  void aWrongKeyIsTheAppsOwn401AsAnErrorResultWithoutTheKey() {
    JsonNode result = call("get_order_wrong_key", "{\"id\":\"A-42\",\"verbose\":true,\"note\":\"n\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString())
        .contains("HTTP 401").contains("bad api key").doesNotContain("not-the-app-key");
  }

  @Test
  void aBigResponseIsCutAtTheCap() {
    JsonNode result = call("big", "{}");

    String text = result.path("content").get(0).path("text").asString();
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(text).startsWith("xxxx").contains("the response was cut at 1000 bytes");
    assertThat(text.chars().filter(c -> c == 'x').count()).isEqualTo(1000);
  }

  @Test
  void anExceptionInTheAppIsA500ErrorResultWithoutItsDetail() {
    JsonNode result = call("boom", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString())
        .contains("HTTP 500").doesNotContain("kaboom");
  }

  @Test
  void aPathNoServletAnswersIsA404ErrorResult() {
    JsonNode result = call("nowhere", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString()).contains("HTTP 404");
  }

  @Test
  void laterMcpRequestsAndDirectApiRequestsWorkNormally() throws Exception {
    call("big", "{}");
    call("get_order_wrong_key", "{\"id\":\"A-1\",\"verbose\":true,\"note\":\"n\"}");
    call("boom", "{}");

    McpExchange list = client.listTools(null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.response().path("result").path("tools").size()).isEqualTo(10);
    JsonNode again = call("get_order", "{\"id\":\"A-43\",\"verbose\":true,\"note\":\"n\"}");
    assertThat(again.path("structuredContent").path("id").asString()).isEqualTo("A-43");

    RawHttp.Response direct = RawHttp.post(host.port(), "/api/orders",
        Map.of("Host", "localhost", "Content-Type", "application/json", "X-Api-Key", APP_KEY),
        "{\"sku\":\"C\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(direct.status()).isEqualTo(201);
    assertThat(seen.get(seen.size() - 1).dispatch()).isEqualTo(DispatcherType.REQUEST);
    RawHttp.Response unauthorized = RawHttp.post(host.port(), "/api/orders",
        Map.of("Host", "localhost", "Content-Type", "application/json"), new byte[0]);
    assertThat(unauthorized.status()).isEqualTo(401);
  }

  @Test
  void onceTheMcpResponseStreamsTheCallFailsAsAnErrorResultAndTheStreamStaysIntact() {
    McpExchange exchange = client.request("tools/call", McpTestClient.json(
        "{\"name\":\"progress_then_get_order\",\"arguments\":{\"id\":\"A-1\"},"
            + "\"_meta\":{\"progressToken\":\"p1\"}}"));

    assertThat(exchange.isSse()).isTrue();
    assertThat(exchange.notifications()).hasSize(1);
    JsonNode result = exchange.response().path("result");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.path("content").get(0).path("text").asString())
        .contains("once the MCP response has started streaming");
    assertThat(seen).isEmpty();
    assertThat(call("get_order", "{\"id\":\"A-2\"}").path("isError").asBoolean()).isFalse();
  }

  @Test
  void aDirectDispatchReachesItsServletEvenOnceTheMcpResponseStreams() {
    McpExchange exchange = client.request("tools/call", McpTestClient.json(
        "{\"name\":\"progress_then_get_order_directly\",\"arguments\":{\"id\":\"A-1\"},"
            + "\"_meta\":{\"progressToken\":\"p1\"}}"));

    assertThat(exchange.isSse()).isTrue();
    assertThat(exchange.notifications()).hasSize(1);
    JsonNode result = exchange.response().path("result");
    assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("content").get(0).path("text").asString()).contains("A-1");
    assertThat(seen).singleElement().satisfies(request -> {
      assertThat(request.uri()).isEqualTo("/api/orders/A-1");
      assertThat(request.dispatch()).isEqualTo(DispatcherType.FORWARD);
      assertThat(request.headers().get("x-api-key")).containsExactly(APP_KEY);
      assertThat(request.headers()).doesNotContainKeys("authorization", "cookie");
    });
  }

  @Test
  void aDirectDispatchOutsideItsServletPathIsA404() {
    JsonNode result = call("nowhere_directly", "{}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).contains("404");
    assertThat(seen).isEmpty();
  }

  @Test
  void outsideAnMcpRequestDispatchRefusesWithAClearMessage() {
    UpstreamRequest request = new UpstreamRequest("GET", URI.create(SERVER + "/orders/1"),
        Headers.empty(), null, null);

    assertThatThrownBy(() -> InProcessDispatcher.create().dispatch(request, 100))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("only while mcpgate's servlet transport handles an MCP request");
  }

  private JsonNode call(String tool, String arguments) {
    McpExchange exchange = client.callTool(tool, McpTestClient.json(arguments));
    assertThat(exchange.status()).isEqualTo(200);
    JsonNode result = exchange.response().path("result");
    assertThat(result.isMissingNode()).as(exchange.body()).isFalse();
    assertThat(exchange.body()).doesNotContain(APP_KEY);
    return result;
  }

  private static CredentialBinding apiKey(String secret) {
    return new CredentialBinding(secret, AuthKind.API_KEY, "memory:" + secret, Map.of(),
        Map.of("in", "header", "name", "X-Api-Key"));
  }

  private static ToolDefinition getOrder() {
    return tool("get_order", new HttpOperation("GET", SERVER, "/orders/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("verbose", Location.QUERY, "verbose", null, null, false),
            new ParameterBinding("note", Location.HEADER, "X-Note", null, null, false)), null),
        """
        {"type":"object","properties":{"id":{"type":"string"},"verbose":{"type":"boolean"},
         "note":{"type":"string"}},"required":["id"]}""")
        .toBuilder()
        .outputSchema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
        .build();
  }

  private static ToolDefinition tool(String name, HttpOperation http, String inputSchema) {
    return ToolDefinition.builder(name).source("app").operationId(name).inputSchema(inputSchema)
        .http(http).build();
  }

  /** The app's own authentication: an API key, checked on requests and forwards alike. */
  private static Filter apiKeyFilter() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      if (!APP_KEY.equals(http.getHeader("X-Api-Key"))) {
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(401);
        answer.setContentType("application/json");
        answer.getWriter().write("{\"error\":\"bad api key\"}");
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
        record(request);
        String path = request.getRequestURI();
        if (path.equals("/api/boom")) {
          throw new IllegalStateException("kaboom");
        }
        response.setHeader("X-App", "yes");
        response.addCookie(new Cookie("app-session", "s1"));
        if (path.equals("/api/big")) {
          response.setContentType("text/plain");
          response.getOutputStream().write("x".repeat(5000).getBytes(StandardCharsets.UTF_8));
        } else if (request.getMethod().equals("POST") && path.equals("/api/orders")) {
          response.setStatus(201);
          response.setContentType("application/json");
          String body = seen.get(seen.size() - 1).body();
          response.getWriter().write("{\"created\":" + (body.isEmpty() ? "{}" : body) + "}");
        } else if (path.startsWith("/api/orders/")) {
          response.setContentType("application/json;charset=utf-8");
          String id = java.net.URLDecoder.decode(
              path.substring("/api/orders/".length()), StandardCharsets.UTF_8);
          response.getWriter().write("{\"id\":\"" + id + "\",\"status\":\"open\"}");
        } else {
          response.setContentType("text/plain");
          response.getWriter().write("ok");
        }
      }
    };
  }

  private void record(HttpServletRequest request) throws IOException {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT),
          Collections.list(request.getHeaders(name)));
    }
    List<String> cookies = new ArrayList<>();
    if (request.getCookies() != null) {
      for (Cookie cookie : request.getCookies()) {
        cookies.add(cookie.getName() + "=" + cookie.getValue());
      }
    }
    seen.add(new Seen(request.getMethod(), request.getRequestURI(),
        String.valueOf(request.getQueryString()),
        new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        headers, cookies, parameters, request.getUserPrincipal(), request.getDispatcherType(),
        request.getSession(false) != null));
  }
}
