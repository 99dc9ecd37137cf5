package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamableHttpTransportTest {

  private static final String INIT =
      """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
       "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

  private JettyHost host;

  @AfterEach
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  /** Opens the session's server-to-client SSE stream; the caller reads and closes it. */
  private HttpResponse<java.io.InputStream> openGetStream(McpTestClient client) throws Exception {
    HttpRequest get = HttpRequest.newBuilder(host.mcp())
        .header("Accept", "text/event-stream")
        .header("MCP-Session-Id", client.sessionId())
        .GET().build();
    return HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofInputStream());
  }

  private McpTestClient start(McpTransportConfig config) throws Exception {
    host = JettyHost.withFilter(TestTools.gateway().pageSize(1).build(), config);
    return McpTestClient.builder(host.mcp()).build();
  }

  @Test
  void initializeIssuesASessionIdOfAtLeast128RandomBitsInVisibleAscii() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());

    McpExchange exchange = client.initialize();

    assertThat(exchange.status()).isEqualTo(200);
    assertThat(exchange.header("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    String id = client.sessionId();
    assertThat(id).matches("[\\x21-\\x7E]{22,}");
    McpTestClient other = McpTestClient.builder(host.mcp()).build();
    other.initialize();
    assertThat(other.sessionId()).isNotEqualTo(id);
    assertThat(exchange.response().path("result").path("protocolVersion").asString())
        .isEqualTo("2025-11-25");
  }

  @Test
  void requestsOutsideTheMcpPathPassThroughToTheHostApplication() throws Exception {
    start(McpTransportConfig.defaults());
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(host.base().resolve("/api/orders")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(JettyHost.HOST_ANSWER);
    HttpResponse<String> nearMiss =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(host.base().resolve("/mcp/extra")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(nearMiss.body()).isEqualTo(JettyHost.HOST_ANSWER);
  }

  @Test
  void notificationsAreAcceptedWith202AndNoBody() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    McpExchange exchange = client.notify("notifications/cancelled",
        McpTestClient.json("{\"requestId\":99}"));

    assertThat(exchange.status()).isEqualTo(202);
    assertThat(exchange.body()).isEmpty();
  }

  @Test
  void clientResponsesAreAcceptedWith202() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    McpExchange exchange = client.post(
        "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}".getBytes(StandardCharsets.UTF_8),
        Map.of());

    assertThat(exchange.status()).isEqualTo(202);
  }

  @Test
  void aRequestWithoutSessionIdIsRefusedWith400() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();
    client.sessionId(null);

    assertThat(client.listTools(null).status()).isEqualTo(400);
  }

  @Test
  void anUnknownSessionIdGets404() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();
    client.sessionId("not-a-session-we-issued");

    assertThat(client.listTools(null).status()).isEqualTo(404);
  }

  @Test
  void deleteEndsTheSessionAndItsIdThenGets404() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();
    String id = client.sessionId();

    McpExchange deleted = client.send("DELETE", Map.of());
    client.sessionId(id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(client.listTools(null).status()).isEqualTo(404);
    assertThat(client.send("DELETE", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void anIdleSessionExpires() throws Exception {
    AtomicLong nanos = new AtomicLong();
    host = JettyHost.withFilter(TestTools.gateway().pageSize(1).ticker(nanos::get).build(),
        McpTransportConfig.builder().sessionIdleTimeout(Duration.ofSeconds(1)).build());
    McpTestClient client = McpTestClient.builder(host.mcp()).build();
    client.initialize();
    assertThat(client.listTools(null).status()).isEqualTo(200);

    nanos.addAndGet(Duration.ofMillis(900).toNanos());
    assertThat(client.listTools(null).status()).as("used again within the timeout")
        .isEqualTo(200);
    nanos.addAndGet(Duration.ofMillis(1_300).toNanos());

    assertThat(client.listTools(null).status()).isEqualTo(404);
  }

  @Test
  void theTransportsBackgroundThreadComesFromTheConfiguredThreadFactory() throws Exception {
    AtomicLong made = new AtomicLong();
    McpTestClient client = start(McpTransportConfig.builder().threadFactory(task -> {
      made.incrementAndGet();
      Thread thread = new Thread(task, "host-mcp-upkeep");
      thread.setDaemon(true);
      return thread;
    }).build());

    assertThat(client.initialize().status()).isEqualTo(200);
    assertThat(made).hasValue(1);
  }

  @Test
  void anOpenGetStreamKeepsItsSessionAlive() throws Exception {
    McpTestClient client = start(McpTransportConfig.builder()
        .sessionIdleTimeout(Duration.ofSeconds(1))
        .keepAliveInterval(Duration.ofMillis(200))
        .build());
    client.initialize();
    HttpResponse<java.io.InputStream> stream = openGetStream(client);
    // Read the keep-alives as a live client would, so the server's writes succeed.
    CompletableFuture.runAsync(() -> {
      try {
        stream.body().transferTo(java.io.OutputStream.nullOutputStream());
      } catch (java.io.IOException closed) {
        // The test ends by closing the stream.
      }
    });

    Thread.sleep(1_600);

    assertThat(client.listTools(null).status()).isEqualTo(200);
    stream.body().close();
  }

  @Test
  void liveSessionsAreBounded() throws Exception {
    start(McpTransportConfig.builder().maxSessions(2).build());
    McpTestClient.builder(host.mcp()).build().initialize();
    McpTestClient.builder(host.mcp()).build().initialize();

    McpExchange third = McpTestClient.builder(host.mcp()).build()
        .post(INIT.getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(third.status()).isEqualTo(503);
    assertThat(third.header("Retry-After")).isPresent();
  }

  @Test
  void anUnsupportedProtocolVersionHeaderGets400() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    McpExchange exchange = client.post(
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8),
        Map.of("MCP-Protocol-Version", "1999-01-01"));

    assertThat(exchange.status()).isEqualTo(400);
    assertThat(exchange.body()).contains("2025-11-25");
  }

  @Test
  void everySupportedProtocolVersionIsNegotiated() throws Exception {
    start(McpTransportConfig.defaults());
    for (String version : McpGateway.SUPPORTED_PROTOCOL_VERSIONS) {
      McpTestClient client = McpTestClient.builder(host.mcp()).build();
      client.initialize(version);
      assertThat(client.protocolVersion()).isEqualTo(version);
      assertThat(client.request("ping", null).status()).isEqualTo(200);
    }
  }

  @Test
  void aForeignOriginIsRefusedWith403() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());

    McpExchange exchange = client.post(INIT.getBytes(StandardCharsets.UTF_8),
        Map.of("Origin", "http://evil.example.com"));

    assertThat(exchange.status()).isEqualTo(403);
  }

  @Test
  void aLoopbackOriginIsAccepted() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());

    McpExchange exchange = client.post(INIT.getBytes(StandardCharsets.UTF_8),
        Map.of("Origin", "http://localhost:" + host.port()));

    assertThat(exchange.status()).isEqualTo(200);
  }

  @Test
  void aConfiguredOriginIsAccepted() throws Exception {
    McpTestClient client = start(McpTransportConfig.builder()
        .allowedOrigins(List.of("https://app.example.com")).build());

    McpExchange exchange = client.post(INIT.getBytes(StandardCharsets.UTF_8),
        Map.of("Origin", "https://app.example.com"));

    assertThat(exchange.status()).isEqualTo(200);
  }

  @Test
  void aForeignHostIsRefusedWith403ToDefeatDnsRebinding() throws Exception {
    start(McpTransportConfig.defaults());

    RawHttp.Response response = RawHttp.post(host.port(), "/mcp",
        Map.of("Host", "evil.example.com:" + host.port(), "Content-Type", "application/json",
            "Accept", "application/json, text/event-stream"),
        INIT.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).contains("Host not allowed");
  }

  @Test
  void aConfiguredHostIsAccepted() throws Exception {
    start(McpTransportConfig.builder().allowedHosts(List.of("mcp.example.com")).build());

    RawHttp.Response response = RawHttp.post(host.port(), "/mcp",
        Map.of("Host", "mcp.example.com", "Content-Type", "application/json",
            "Accept", "application/json, text/event-stream"),
        INIT.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void aToolCallThatReportsProgressIsAnsweredAsAnSseStream() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    McpExchange exchange = client.request("tools/call", McpTestClient.json(
        "{\"name\":\"count\",\"_meta\":{\"progressToken\":\"p1\"}}"));

    assertThat(exchange.isSse()).isTrue();
    assertThat(exchange.notifications()).extracting(n -> n.path("method").asString())
        .containsExactly("notifications/progress", "notifications/progress",
            "notifications/progress", "notifications/message");
    assertThat(exchange.messages().get(exchange.messages().size() - 1).path("result")
        .path("content").get(0).path("text").asString()).isEqualTo("done");
  }

  @Test
  void aRequestWithOnlyAResponseIsAnsweredAsPlainJson() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    McpExchange exchange = client.callTool("echo", McpTestClient.json("{\"text\":\"hi\"}"));

    assertThat(exchange.isSse()).isFalse();
    assertThat(exchange.response().path("result").path("content").get(0).path("text").asString())
        .isEqualTo("hi");
  }

  @Test
  void getOpensAStreamThatCarriesToolListChanges() throws Exception {
    McpGateway gateway = TestTools.gateway().build();
    host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
    McpTestClient client = McpTestClient.builder(host.mcp()).build();
    client.initialize();

    HttpResponse<java.io.InputStream> stream = openGetStream(client);
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));

    BufferedReader lines = new BufferedReader(
        new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    CompletableFuture<String> changed = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            return line;
          }
        }
        return "stream ended";
      } catch (java.io.IOException e) {
        return e.toString();
      }
    });
    gateway.tools().register(ToolDefinition.builder("late").build(), call -> ToolResult.text("x"));

    assertThat(changed.get(5, TimeUnit.SECONDS))
        .contains("notifications/tools/list_changed");
    stream.body().close();
  }

  @Test
  void aCancelledRequestEndsWithoutAResponse() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    McpGateway gateway = TestTools.gateway()
        .tool(ToolDefinition.builder("slow").build(), call -> {
          started.countDown();
          release.await(10, TimeUnit.SECONDS);
          return ToolResult.text("too late");
        })
        .build();
    host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
    McpTestClient client = McpTestClient.builder(host.mcp()).build();
    client.initialize();
    McpTestClient canceller = McpTestClient.builder(host.mcp()).build();
    canceller.sessionId(client.sessionId());

    CompletableFuture<McpExchange> call =
        CompletableFuture.supplyAsync(() -> client.callTool("slow", null));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    // The test client numbers requests from 1: initialize was 1, this call is 2.
    canceller.notify("notifications/cancelled", McpTestClient.json("{\"requestId\":2}"));
    release.countDown();

    McpExchange exchange = call.get(10, TimeUnit.SECONDS);
    assertThat(exchange.status()).isEqualTo(202);
    assertThat(exchange.body()).isEmpty();
  }

  @Test
  void everyToolCallOverHttpLeavesOneAuditEvent() throws Exception {
    dev.mcpgate.testkit.RecordingAuditSink audit = new dev.mcpgate.testkit.RecordingAuditSink();
    host = JettyHost.withFilter(TestTools.gateway().auditSink(audit).build(),
        McpTransportConfig.defaults());
    McpTestClient client = McpTestClient.builder(host.mcp()).build();
    client.initialize();

    client.callTool("echo", McpTestClient.json("{\"text\":\"audited\"}"));
    client.callTool("echo", McpTestClient.json("{\"text\":7}"));

    assertThat(audit.await(2, Duration.ofSeconds(5))).extracting(e -> e.outcome().jsonName())
        .containsExactly("ok", "invalid");
    assertThat(audit.events().toString()).doesNotContain("audited");
  }

  @Test
  void getWithoutEventStreamInAcceptGets406() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    assertThat(client.send("GET", Map.of("Accept", "application/json")).status()).isEqualTo(406);
  }

  @Test
  void otherMethodsGet405WithAllow() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());

    McpExchange exchange = client.send("PUT", Map.of());

    assertThat(exchange.status()).isEqualTo(405);
    assertThat(exchange.header("Allow")).hasValue("GET, POST, DELETE");
  }

  @Test
  void statelessModeServesRequestsWithoutSessions() throws Exception {
    McpTestClient client = start(McpTransportConfig.builder().stateless(true).build());

    McpExchange init = client.initialize();
    McpExchange page = client.listTools(null);

    assertThat(init.header("MCP-Session-Id")).isEmpty();
    assertThat(client.sessionId()).isNull();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.response().path("result").path("tools")).hasSize(1);
    assertThat(client.send("GET", Map.of("Accept", "text/event-stream")).status())
        .isEqualTo(405);
    assertThat(client.send("DELETE", Map.of()).status()).isEqualTo(405);
  }

  @Test
  void statelessReplicasServeTheSameClientWithoutStickiness() throws Exception {
    McpTransportConfig config = McpTransportConfig.builder().stateless(true).build();
    try (JettyHost first = JettyHost.withFilter(TestTools.gateway().build(), config);
        JettyHost second = JettyHost.withFilter(TestTools.gateway().build(), config)) {
      McpTestClient a = McpTestClient.builder(first.mcp()).build();
      a.initialize();
      McpTestClient b = McpTestClient.builder(second.mcp()).build();

      JsonNode answer = b.callTool("echo", McpTestClient.json("{\"text\":\"hop\"}")).response();

      assertThat(answer.path("result").path("content").get(0).path("text").asString())
          .isEqualTo("hop");
    }
  }

  @Test
  void theServletVariantServesTheSameProtocol() throws Exception {
    host = JettyHost.withServlet(TestTools.gateway().build(), McpTransportConfig.defaults());
    McpTestClient client = McpTestClient.builder(host.mcp()).build();

    client.initialize();
    McpExchange exchange = client.callTool("echo", McpTestClient.json("{\"text\":\"servlet\"}"));

    assertThat(exchange.response().path("result").path("content").get(0).path("text").asString())
        .isEqualTo("servlet");
    client.close();
  }

  @Test
  void pagesAreServedAcrossRequestsOfOneSession() throws Exception {
    McpTestClient client = start(McpTransportConfig.defaults());
    client.initialize();

    JsonNode first = client.listTools(null).response().path("result");
    JsonNode second =
        client.listTools(first.path("nextCursor").asString()).response().path("result");

    assertThat(first.path("tools").get(0).path("name").asString()).isEqualTo("count");
    assertThat(second.path("tools").get(0).path("name").asString()).isEqualTo("echo");
    assertThat(second.has("nextCursor")).isFalse();
  }

}
