package dev.mcpgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream.Answer;
import dev.mcpgate.testkit.FakeUpstream.RecordedRequest;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpExchange;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invariants 6 and 7 for API-backed tools, end to end: an MCP client over real HTTP, {@link
 * McpFilter} on Jetty, {@link HttpUpstream} and a {@link FakeUpstream}. Bad arguments and a
 * misbehaving upstream each get a clear {@code isError} result (or a 4xx at the transport), never
 * a stack trace or an HTTP 500; what must not be sent is not sent; the audit event records the
 * outcome and the gates.
 */
class UpstreamBadInputTest {

  private static final String SCHEMA = """
      {"type":"object","properties":{
        "id":{"type":"string"},"verbose":{"type":"boolean"},
        "note":{"type":"string","maxLength":4096}},
       "required":["id"],"additionalProperties":false}""";
  private static final int ONE_MIB = 1024 * 1024;
  private static final CredentialBinding KEY = new CredentialBinding("orders-key",
      AuthKind.API_KEY, "memory:orders", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));

  private static FakeUpstream upstream;
  private static HttpUpstream adapter;
  private static HttpUpstream namedAdapter;
  private static HttpUpstream impatientAdapter;
  private static JettyHost host;
  private static final RecordingAuditSink audit = new RecordingAuditSink();
  private static final RenewingResolver resolver = new RenewingResolver();

  private McpTestClient client;
  private int alreadyReceived;

  /** Hands out "key-1-...", then "key-2-..." once the first was reported rejected. */
  static final class RenewingResolver implements CredentialBindingResolver {
    final AtomicInteger resolves = new AtomicInteger();
    final List<Secret> invalidated = new CopyOnWriteArrayList<>();

    @Override
    public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
      resolves.incrementAndGet();
      return CredentialResolution.resolved(
          Secret.of(invalidated.isEmpty() ? "key-1-abcdef" : "key-2-abcdef"));
    }

    @Override
    public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
      invalidated.add(rejected);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = FakeUpstream.start();
    adapter = HttpUpstream.builder()
        .credentials(resolver)
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .timeout(Duration.ofSeconds(5))
        .maxResponseBytes(ONE_MIB)
        .build();
    impatientAdapter = HttpUpstream.builder()
        .credentials(resolver)
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .timeout(Duration.ofMillis(300))
        .build();
    // The default policy: named hosts allowed, but no loopback, private or metadata address.
    Map<String, String> dns = Map.of(
        "loopback.example.com", "127.0.0.1", "metadata.example.com", "169.254.169.254");
    namedAdapter = HttpUpstream.builder()
        .credentials(resolver)
        .targets(TargetPolicy.builder()
            .allowHost("loopback.example.com").allowHost("metadata.example.com").build())
        .hostResolver(name -> List.of(InetAddress.getByName(dns.get(name))))
        .timeout(Duration.ofMillis(300))
        .build();
    McpGateway gateway = McpGateway.builder()
        .serverInfo("upstream-bad-input", "1.0")
        .identityResolver(IdentityResolver.anonymous())
        .auditSink(audit)
        .source(Source.approved("orders"))
        .tool(tool("get_order", upstream.url().toString()), adapter.handler(KEY))
        .tool(tool("get_order_impatient", upstream.url().toString()),
            impatientAdapter.handler(KEY))
        .tool(tool("via_loopback_name", "http://loopback.example.com:" + upstream.port()),
            namedAdapter.handler(KEY))
        .tool(tool("via_metadata_name", "http://metadata.example.com:" + upstream.port()),
            namedAdapter.handler(KEY))
        .build();
    host = JettyHost.withFilter(gateway, McpTransportConfig.defaults());
    // The first call loads and compiles the whole path; no test should time that.
    try (McpTestClient warmUp = McpTestClient.builder(host.mcp()).build()) {
      warmUp.initialize();
      warmUp.callTool("get_order", McpTestClient.json("{\"id\":\"warm-up\"}"));
      warmUp.callTool("get_order_impatient", McpTestClient.json("{\"id\":\"warm-up\"}"));
    }
  }

  private static ToolDefinition tool(String name, String base) {
    return ToolDefinition.builder(name)
        .inputSchema(SCHEMA)
        .source("orders")
        .operationId(name)
        .http(new HttpOperation("GET", base, "/orders/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("verbose", Location.QUERY, "verbose", null, null, false),
            new ParameterBinding("note", Location.HEADER, "X-Note", null, null, false)), null))
        .build();
  }

  @AfterAll
  static void stop() {
    host.close();
    adapter.close();
    namedAdapter.close();
    impatientAdapter.close();
    upstream.close();
  }

  @BeforeEach
  void connect() {
    upstream.otherwise(Answer.json(200, "{\"id\":\"1\",\"status\":\"paid\"}"));
    audit.clear();
    resolver.resolves.set(0);
    resolver.invalidated.clear();
    alreadyReceived = upstream.requestCount();
    client = McpTestClient.builder(host.mcp()).build();
    client.initialize();
  }

  @AfterEach
  void sessionStillWorks() {
    McpExchange ping = client.request("ping", null);
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.response().has("result")).isTrue();
    client.close();
  }

  /** Calls a tool; asserts the transport answered 200 without a trace; returns the result. */
  private JsonNode call(String tool, String arguments) {
    McpExchange exchange = client.callTool(tool, McpTestClient.json(arguments));
    assertClean(exchange, 200);
    JsonNode result = exchange.response().path("result");
    assertThat(result.isObject()).as(exchange.body()).isTrue();
    return result;
  }

  private static void assertClean(McpExchange exchange, int status) {
    assertThat(exchange.status()).as(exchange.body()).isEqualTo(status);
    assertThat(exchange.body()).doesNotContain("Exception", "\tat ", "at dev.mcpgate",
        "at java.");
  }

  private static String text(JsonNode result) {
    return result.at("/content/0/text").asString();
  }

  private List<RecordedRequest> sent() {
    List<RecordedRequest> all = upstream.requests();
    return all.subList(alreadyReceived, all.size());
  }

  private static AuditEvent event() {
    assertThat(audit.events()).hasSize(1);
    return audit.events().get(0);
  }

  private static void assertStoppedAtGate(String gate, String outcome) {
    AuditEvent event = event();
    assertThat(event.outcome().jsonName()).isEqualTo(outcome);
    assertThat(event.gates()).last().satisfies(last -> {
      assertThat(last.gate().jsonName()).isEqualTo(gate);
      assertThat(last.passed()).isFalse();
    });
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
    // Nothing went upstream: no adapter outcome, or the engine's empty one.
    if (event.adapter() != null) {
      assertThat(event.adapter().status()).isZero();
      assertThat(event.adapter().bytes()).isZero();
    }
    assertThat(resolver.resolves).hasValue(0);
  }

  private static void assertReachedTheUpstream(AuditEvent event) {
    assertThat(event.gates()).extracting(gate -> gate.gate().jsonName()).containsExactly(
        "sourceApproved", "operationSelected", "policy", "inputSchema", "sizeLimits", "rateLimit", "targetHost");
    assertThat(event.gates()).allMatch(GateOutcome::passed);
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.RESOLVED);
  }

  @Test
  void aMissingRequiredArgumentIsAToolErrorNamingItAndNothingIsSent() {
    JsonNode result = call("get_order", "{\"verbose\":true}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("id");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("inputSchema", "invalid");
  }

  @Test
  void aWrongTypeIsAToolErrorNamingTheArgumentAndNothingIsSent() {
    JsonNode result = call("get_order", "{\"id\":42,\"verbose\":\"yes\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("id", "verbose");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("inputSchema", "invalid");
  }

  @Test
  void anUndeclaredArgumentIsRefusedAndNothingIsSent() {
    JsonNode result = call("get_order", "{\"id\":\"1\",\"apiKey\":\"sneaky\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("apiKey");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("inputSchema", "invalid");
  }

  @Test
  void crOrLfInAHeaderBoundArgumentIsRefusedBeforeTheCredentialAndNothingIsSent() {
    JsonNode result = call("get_order", "{\"id\":\"1\",\"note\":\"hi\\r\\nX-Injected: yes\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("X-Note", "control character")
        .doesNotContain("X-Injected");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("request", "invalid");
  }

  @Test
  void dotSegmentsInAPathArgumentArriveEncodedAsOneSegmentOrAreRefused() {
    JsonNode climbing = call("get_order", "{\"id\":\"../admin\"}");
    JsonNode encoded = call("get_order", "{\"id\":\"%2e%2e%2fadmin\"}");
    audit.clear();
    resolver.resolves.set(0);
    JsonNode bare = call("get_order", "{\"id\":\"..\"}");

    assertThat(climbing.path("isError").asBoolean()).as(climbing.toString()).isFalse();
    assertThat(encoded.path("isError").asBoolean()).as(encoded.toString()).isFalse();
    // What arrives: the slash and the percent signs encoded, the route unchanged.
    assertThat(sent()).extracting(RecordedRequest::path)
        .containsExactly("/orders/..%2Fadmin", "/orders/%252e%252e%252fadmin");
    assertThat(bare.path("isError").asBoolean()).isTrue();
    assertThat(text(bare)).contains("may not be '.' or '..'");
    assertStoppedAtGate("request", "invalid");
  }

  @Test
  void anArgumentOverTheTransportBodyCapIsRefusedWith413AndNothingIsSent() {
    String huge = "x".repeat(5 * ONE_MIB);
    ObjectNode params = (ObjectNode) McpTestClient.json(
        "{\"name\":\"get_order\",\"arguments\":{\"id\":\"1\"}}");
    ((ObjectNode) params.get("arguments")).put("note", huge);

    McpExchange exchange = client.request("tools/call", params);

    assertClean(exchange, 413);
    assertThat(exchange.body()).hasSizeLessThan(1024);
    assertThat(sent()).isEmpty();
    assertThat(audit.events()).isEmpty();
    assertThat(resolver.resolves).hasValue(0);
  }

  @Test
  void aLargeArgumentUnderTheCapIsStoppedByItsSchemaLimitAndNothingIsSent() {
    String large = "x".repeat(3 * ONE_MIB);
    ObjectNode params = (ObjectNode) McpTestClient.json(
        "{\"name\":\"get_order\",\"arguments\":{\"id\":\"1\"}}");
    ((ObjectNode) params.get("arguments")).put("note", large);

    McpExchange exchange = client.request("tools/call", params);

    assertClean(exchange, 200);
    JsonNode result = exchange.response().path("result");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("note").hasSizeLessThan(4096);
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("inputSchema", "invalid");
  }

  @Test
  void aLargeArgumentWithoutASchemaLimitIsStoppedByTheSizeLimitsAndNothingIsSent() {
    String large = "x".repeat(3 * ONE_MIB);
    ObjectNode params = (ObjectNode) McpTestClient.json(
        "{\"name\":\"get_order\",\"arguments\":{}}");
    ((ObjectNode) params.get("arguments")).put("id", large);

    McpExchange exchange = client.request("tools/call", params);

    assertClean(exchange, 200);
    JsonNode result = exchange.response().path("result");
    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("/id").contains("too large").hasSizeLessThan(4096);
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("sizeLimits", "invalid");
  }

  @Test
  void aTenMegabyteAnswerIsCutAtTheCapQuickly() {
    upstream.otherwise(Answer.filler(200, 10L * ONE_MIB));

    long started = System.nanoTime();
    McpExchange exchange = client.callTool("get_order", McpTestClient.json("{\"id\":\"1\"}"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertClean(exchange, 200);
    JsonNode result = exchange.response().path("result");
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(text(result)).endsWith("(the response was cut at " + ONE_MIB + " bytes)");
    // Bounded: what the caller gets is the cap plus framing, not ten megabytes.
    assertThat(exchange.body().length()).isBetween(ONE_MIB, ONE_MIB + 4096);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.OK);
    assertThat(event.adapter().status()).isEqualTo(200);
    assertThat(event.adapter().bytes()).isEqualTo(ONE_MIB);
    assertThat(event.adapter().error()).isEqualTo("response truncated");
  }

  @Test
  void aHangingUpstreamTimesOutWithinTheConfiguredTimeout() {
    upstream.otherwise(Answer.json(200, "{}").hang(Duration.ofSeconds(5)));

    long started = System.nanoTime();
    JsonNode result = call("get_order_impatient", "{\"id\":\"1\"}");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("did not answer get_order_impatient within 300 ms");
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(3));
    assertThat(sent()).hasSize(1);
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isZero();
    assertThat(event.adapter().error()).isEqualTo("timeout");
    assertThat(event.adapter().latency()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anUpstream500IsAToolErrorWithTheStatus() {
    upstream.otherwise(Answer.json(500, "{\"error\":\"database down\"}"));

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).isEqualTo(
        "The upstream API answered HTTP 500: {\"error\":\"database down\"}");
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isEqualTo(500);
  }

  @Test
  void anUpstream429QuotesRetryAfterSoTheAgentCanWait() {
    upstream.otherwise(Answer.json(429, "{\"error\":\"rate limited\"}")
        .withHeader("Retry-After", "7"));

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).startsWith("The upstream API answered HTTP 429 (Retry-After: 7)")
        .contains("rate limited");
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isEqualTo(429);
  }

  @Test
  void anUpstream429WithoutRetryAfterSaysNothingAboutWaiting() {
    upstream.otherwise(Answer.status(429));

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(text(result)).isEqualTo("The upstream API answered HTTP 429.");
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
  }

  @Test
  void anUpstream401RenewsTheCredentialOnceThenIsAToolError() {
    upstream.otherwise(Answer.json(401, "{\"error\":\"key-2-abcdef is revoked\"}"));

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("HTTP 401").doesNotContain("key-2-abcdef");
    assertThat(sent()).extracting(request -> request.header("X-Api-Key").orElse(null))
        .containsExactly("key-1-abcdef", "key-2-abcdef");
    assertThat(resolver.invalidated).containsExactly(Secret.of("key-1-abcdef"));
    assertThat(resolver.resolves).hasValue(2);
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isEqualTo(401);
  }

  @Test
  void anUpstreamThatBreaksOffMidResponseIsAToolError() {
    upstream.otherwise(Answer.filler(200, 100_000).cutAfter(1_000));

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    // The caller learns what failed and the request id; the audit keeps where and why.
    assertThat(text(result)).startsWith("The upstream API call for get_order failed: it closed"
        + " the connection before its answer was complete (request ").doesNotContain("127.0.0.1").doesNotContain(":" + upstream.url().getPort());
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isZero();
    assertThat(event.adapter().error()).isNotBlank();
  }

  @Test
  void anUpstreamThatClosesWithoutAnsweringIsAToolError() {
    upstream.otherwise(Answer.closeWithoutAnswer());

    JsonNode result = call("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("closed the connection without answering");
    assertThat(sent()).isNotEmpty();
    AuditEvent event = event();
    assertReachedTheUpstream(event);
    assertThat(event.outcome()).isEqualTo(AuditOutcome.TOOL_ERROR);
    assertThat(event.adapter().status()).isZero();
  }

  @Test
  void aHostNameThatResolvesToLoopbackIsRefusedBeforeTheCredentialAndNothingIsSent() {
    JsonNode result = call("via_loopback_name", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("target is not allowed");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("targetHost", "denied");
  }

  @Test
  void aHostNameThatResolvesToTheMetadataAddressIsRefusedBeforeTheCredentialAndNothingIsSent() {
    JsonNode result = call("via_metadata_name", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(text(result)).contains("target is not allowed");
    assertThat(sent()).isEmpty();
    assertStoppedAtGate("targetHost", "denied");
  }

  @Test
  void oneBadCallDoesNotAffectTheNext() {
    upstream.enqueue(Answer.json(500, "{\"error\":\"boom\"}"));
    assertThat(call("get_order", "{\"id\":\"1\",\"note\":\"a\\nb\"}").path("isError").asBoolean())
        .isTrue();
    assertThat(call("get_order", "{\"id\":1}").path("isError").asBoolean()).isTrue();
    assertThat(call("get_order", "{\"id\":\"1\"}").path("isError").asBoolean()).isTrue();

    JsonNode fine = call("get_order", "{\"id\":\"1\"}");

    assertThat(fine.path("isError").asBoolean()).as(fine.toString()).isFalse();
    assertThat(text(fine)).contains("paid");
    assertThat(sent()).hasSize(2);
  }
}
