package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A tools/call through the upstream adapter: request, target check, credential, mapping, audit. */
class UpstreamCallTest {

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"string\"},\"verbose\":{\"type\":\"boolean\"},"
      + "\"Authorization\":{\"type\":\"string\"}},"
      + "\"required\":[\"id\"],\"additionalProperties\":false}";

  private final FakeUpstream upstream = startServer();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final CountingResolver resolver = new CountingResolver();
  private HttpUpstream adapter;

  static FakeUpstream startServer() {
    return FakeUpstream.start().otherwise(FakeUpstream.Answer.json(200, "{\"ok\":true}"));
  }

  @AfterEach
  void stop() {
    upstream.close();
    if (adapter != null) {
      adapter.close();
    }
  }

  /** Hands out "key-1", then "key-2" after an invalidation, counting every call. */
  static final class CountingResolver implements CredentialBindingResolver {
    final AtomicInteger resolves = new AtomicInteger();
    final List<Secret> invalidated = new CopyOnWriteArrayList<>();
    volatile CredentialResolution next = null;

    @Override
    public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
      resolves.incrementAndGet();
      if (next != null) {
        return next;
      }
      return CredentialResolution.resolved(
          Secret.of(invalidated.isEmpty() ? "key-1-abcdef" : "key-2-abcdef"));
    }

    @Override
    public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
      invalidated.add(rejected);
    }
  }

  private ToolDefinition tool(String baseUrl) {
    return ToolDefinition.builder("get_order")
        .inputSchema(SCHEMA)
        .source("orders")
        .operationId("getOrder")
        .http(new HttpOperation("GET", baseUrl + "/v1", "/orders/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("verbose", Location.QUERY, "verbose", null, null, false),
            new ParameterBinding("Authorization", Location.HEADER, "Authorization", null, null,
                false)), null))
        .build();
  }

  private static final CredentialBinding KEY = new CredentialBinding(
      "orders-key", AuthKind.API_KEY, "memory:orders", Map.of(),
      Map.of("in", "header", "name", "X-Api-Key"));

  private TestClient client(TargetPolicy targets, CredentialBinding binding, String baseUrl) {
    adapter = HttpUpstream.builder().credentials(resolver).targets(targets).build();
    McpGateway gateway = McpGateway.builder()
        .auditSink(audit)
        .source(Source.approved("orders"))
        .tool(tool(baseUrl), adapter.handler(binding))
        .build();
    return TestClient.connect(gateway);
  }

  private TestClient client() {
    return client(loopback(), KEY, upstream.url().toString());
  }

  private static TargetPolicy loopback() {
    return TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build();
  }

  @Test
  void aCallReachesTheUpstreamWithTheInjectedKeyAndComesBackAsContent() {
    upstream.enqueue(FakeUpstream.Answer.json(200, "{\"id\":\"a/b\",\"status\":\"paid\"}"));

    JsonNode result = client().callTool("get_order", "{\"id\":\"a/b\",\"verbose\":true}");

    FakeUpstream.RecordedRequest request = upstream.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/v1/orders/a%2Fb");
    assertThat(request.query()).isEqualTo("verbose=true");
    assertThat(request.header("X-Api-Key")).hasValue("key-1-abcdef");
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(result.at("/content/0/text").asString()).contains("\"status\":\"paid\"");

    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.OK);
    assertThat(event.bindingId()).isEqualTo("orders-key");
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.RESOLVED);
    assertThat(event.gates()).extracting(gate -> gate.gate().jsonName()).containsExactly(
        "sourceApproved", "operationSelected", "policy", "inputSchema", "sizeLimits", "rateLimit",
        "targetHost");
    assertThat(event.adapter().status()).isEqualTo(200);
    assertThat(event.adapter().bytes()).isPositive();
    assertThat(event.adapter().error()).isNull();
    assertThat(result.at("/_meta/dev.mcpgate~1requestId").asString()).isEqualTo(event.requestId());
  }

  @Test
  void anAuthorizationValueTheCallerPutsInTheArgumentsNeverReachesTheUpstream() {
    client().callTool("get_order", "{\"id\":\"1\",\"Authorization\":\"Bearer caller-token\"}");

    assertThat(upstream.onlyRequest().headers()).doesNotContainKey("authorization");
    assertThat(upstream.onlyRequest().header("X-Api-Key")).hasValue("key-1-abcdef");
  }

  @Test
  void aHostOutsideTheAllowlistIsRefusedBeforeTheCredentialIsResolved() {
    TargetPolicy elsewhere = TargetPolicy.builder().allowHost("api.example.com").build();

    JsonNode result = client(elsewhere, KEY, upstream.url().toString())
        .callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("target is not allowed");
    assertThat(upstream.requests()).isEmpty();
    assertThat(resolver.resolves).hasValue(0);
    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(event.gates()).last().satisfies(gate -> {
      assertThat(gate.gate()).isEqualTo(GateId.TARGET_HOST);
      assertThat(gate.passed()).isFalse();
    });
    assertThat(event.credentialStatus()).isEqualTo(CredentialStatus.NOT_REQUESTED);
  }

  @Test
  void aHostNameThatResolvesToLoopbackOrMetadataIsRefused() {
    for (String address : List.of("127.0.0.1", "169.254.169.254")) {
      TargetPolicy named = TargetPolicy.builder().allowHost("orders.example.com").build();
      adapter = HttpUpstream.builder().credentials(resolver).targets(named)
          .hostResolver(host -> List.of(InetAddress.getByName(address)))
          .build();
      McpGateway gateway = McpGateway.builder().source(Source.approved("orders"))
          .tool(tool("http://orders.example.com:" + upstream.port()), adapter.handler(KEY))
          .build();

      JsonNode result = TestClient.connect(gateway).callTool("get_order", "{\"id\":\"1\"}");

      assertThat(result.path("isError").asBoolean()).as(address).isTrue();
      // What failed, not where: the address and the port stay in the audit and the log.
      assertThat(result.at("/content/0/text").asString()).contains("not allowed")
          .contains("(request ").doesNotContain(address)
          .doesNotContain(String.valueOf(upstream.port()));
      adapter.close();
    }
    assertThat(upstream.requests()).isEmpty();
    assertThat(resolver.resolves).hasValue(0);
  }

  @Test
  void aPathParameterCannotClimbOutOfItsSegment() {
    JsonNode dots = client().callTool("get_order", "{\"id\":\"..\"}");
    JsonNode encoded = client().callTool("get_order", "{\"id\":\"../admin\"}");
    JsonNode percent = client().callTool("get_order", "{\"id\":\"%2e%2e%2fadmin\"}");

    assertThat(dots.path("isError").asBoolean()).isTrue();
    assertThat(resolver.resolves).hasValue(2);
    assertThat(upstream.requests()).extracting(FakeUpstream.RecordedRequest::path)
        .containsExactly("/v1/orders/..%2Fadmin", "/v1/orders/%252e%252e%252fadmin");
    assertThat(encoded.path("isError").asBoolean()).isFalse();
    assertThat(percent.path("isError").asBoolean()).isFalse();
  }

  @Test
  void anUpstream401RenewsTheCredentialOnceAndRetries() {
    upstream.enqueue(FakeUpstream.Answer.json(401, "{\"error\":\"expired\"}"))
        .enqueue(FakeUpstream.Answer.json(200, "{\"ok\":true}"));

    JsonNode result = client().callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(upstream.requests())
        .extracting(received -> received.header("X-Api-Key").orElse(null))
        .containsExactly("key-1-abcdef", "key-2-abcdef");
    assertThat(resolver.invalidated).containsExactly(Secret.of("key-1-abcdef"));
    assertThat(resolver.resolves).hasValue(2);
  }

  @Test
  void aSecond401IsTheCallersErrorAndIsNotRetriedAgain() {
    upstream.otherwise(
        FakeUpstream.Answer.json(401, "{\"error\":\"key-2-abcdef is revoked\"}"));

    JsonNode result = client().callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    String text = result.at("/content/0/text").asString();
    assertThat(text).contains("HTTP 401").doesNotContain("key-2-abcdef");
    assertThat(upstream.requests()).hasSize(2);
    assertThat(audit.only().adapter().status()).isEqualTo(401);
  }

  @Test
  void aSecretTooShortToRedactIsNeverSent() {
    resolver.next = CredentialResolution.resolved(Secret.of("k-1"));

    JsonNode result = client().callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString())
        .contains("its upstream credential is too short").contains("(request ");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void anEchoCutAtTheSizeCapIsRedactedBeforeTheCut() {
    // The key starts 4 bytes before the cap: cut first, its first 4 bytes would stand.
    upstream.enqueue(FakeUpstream.Answer.text(200, "x".repeat(60) + "key-1-abcdef and more"));
    adapter = HttpUpstream.builder().credentials(resolver).targets(loopback())
        .maxResponseBytes(64).build();
    McpGateway gateway = McpGateway.builder().auditSink(audit).source(Source.approved("orders"))
        .tool(tool(upstream.url().toString()), adapter.handler(KEY)).build();

    JsonNode result = TestClient.connect(gateway).callTool("get_order", "{\"id\":\"1\"}");

    String text = result.at("/content/0/text").asString();
    assertThat(text).doesNotContain("key-")
        .isEqualTo("x".repeat(60) + " (the response was cut at 60 bytes)");
    assertThat(audit.only().adapter().error()).isEqualTo("response truncated");
  }

  @Test
  void aMissingCredentialStopsTheCallBeforeAnythingIsSent() {
    resolver.next = CredentialResolution.missing("binding orders-key: memory:orders not set");

    JsonNode result = client().callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("its upstream credential could not be obtained (request ");
    assertThat(upstream.requests()).isEmpty();
    assertThat(audit.only().credentialStatus()).isEqualTo(CredentialStatus.MISSING);
    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.ERROR);
  }

  @Test
  void aSecretStoreThatThrowsIsAnErrorResultNamingOnlyTheRequest() {
    adapter = HttpUpstream.builder()
        .credentials((binding, caller) -> {
          throw new IllegalStateException("vault down: token s.abcdef123456");
        })
        .targets(loopback()).build();
    McpGateway gateway = McpGateway.builder().auditSink(audit).source(Source.approved("orders"))
        .tool(tool(upstream.url().toString()), adapter.handler(KEY)).build();

    JsonNode result = TestClient.connect(gateway).callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.toString()).contains("could not be obtained").doesNotContain("vault");
    assertThat(upstream.requests()).isEmpty();
    assertThat(audit.only().credentialStatus()).isEqualTo(CredentialStatus.ERROR);
    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.ERROR);
  }

  @Test
  void anAuthMethodWithoutAStrategyFailsClearlyWithoutTouchingTheSecretStore() {
    CredentialBinding digest = CredentialBinding.of("orders-digest", AuthKind.DIGEST, "memory:x");

    JsonNode result = client(loopback(), digest, upstream.url().toString())
        .callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("digest");
    assertThat(resolver.resolves).hasValue(0);
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void redirectsAreNotFollowedUnlessThePolicyAllowsThem() {
    upstream.enqueue(FakeUpstream.Answer.status(302)
        .withHeader("Location", upstream.url() + "/elsewhere"));

    JsonNode result = client().callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("HTTP 302");
    assertThat(upstream.requests()).hasSize(1);
  }

  @Test
  void anAllowedRedirectIsCheckedAgainAndFollowed() {
    upstream.enqueue(FakeUpstream.Answer.status(302)
        .withHeader("Location", upstream.url() + "/moved"));
    TargetPolicy redirects = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback()
        .maxRedirects(2).build();

    JsonNode result = client(redirects, KEY, upstream.url().toString())
        .callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(upstream.requests()).extracting(FakeUpstream.RecordedRequest::path)
        .containsExactly("/v1/orders/1", "/moved");
  }

  @Test
  void aRedirectToAHostOutsideTheAllowlistIsRefused() {
    upstream.enqueue(FakeUpstream.Answer.status(302)
        .withHeader("Location", "http://169.254.169.254/latest/meta-data/"));
    TargetPolicy redirects = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback()
        .maxRedirects(2).build();

    JsonNode result = client(redirects, KEY, upstream.url().toString())
        .callTool("get_order", "{\"id\":\"1\"}");

    assertThat(result.path("isError").asBoolean()).isTrue();
    assertThat(result.at("/content/0/text").asString()).contains("redirected");
    assertThat(upstream.requests()).hasSize(1);
    assertThat(audit.only().outcome()).isEqualTo(AuditOutcome.DENIED);
  }
}
