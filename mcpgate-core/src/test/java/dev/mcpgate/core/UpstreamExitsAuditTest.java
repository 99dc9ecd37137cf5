package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuditOutcome;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.GateId;
import dev.mcpgate.api.GateOutcome;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.upstream.AdapterExit;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.FakeUpstream.Answer;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every exit of the upstream adapter leaves exactly one audit event that says how the call ended:
 * the outcome, the last gate recorded, the credential's status and what the upstream did. The
 * exits are {@link AdapterExit}'s permitted types; each has at least one scenario here, and a
 * test fails when an exit is added without one. (The engine's own exits are {@code
 * CallExitsAuditTest}'s.) Nothing here sleeps: the timeout is reached by stepping the adapter's
 * ticker.
 */
class UpstreamExitsAuditTest {

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"string\"},\"note\":{\"type\":\"string\"}},"
      + "\"required\":[\"id\"],\"additionalProperties\":false}";
  private static final CredentialBinding KEY = new CredentialBinding("orders-key",
      AuthKind.API_KEY, "memory:orders", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));

  private final FakeUpstream upstream = FakeUpstream.start();
  private final FakeUpstream elsewhere = FakeUpstream.start();
  private final RecordingAuditSink audit = new RecordingAuditSink();
  private final AtomicLong nanos = new AtomicLong();
  private HttpUpstream adapter;

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    upstream.close();
    elsewhere.close();
  }

  /** What a scenario arranges before the call; each field has the default of a plain success. */
  static final class Arrange {
    CredentialBindingResolver resolver = (binding, caller) ->
        CredentialResolution.resolved(Secret.of("sk_live_orders_1234"));
    @Nullable CredentialBinding binding = KEY;
    TargetPolicy.Builder targets =
        TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback();
    String arguments = "{\"id\":\"A-1\"}";
    int maxResponseBytes = 4096;
    boolean unreachable;
    /** How far the adapter's ticker moves while the upstream answers. */
    Duration upstreamTakes = Duration.ofMillis(3);
    @Nullable Answer answer = Answer.json(200, "{\"id\":\"A-1\"}");
    /** Answers before {@link #answer}, in order, with the other upstream's URL for "{other}". */
    List<Answer> first = List.of();
  }

  /**
   * One way out of the adapter and what the audit event then says.
   *
   * @param name the scenario
   * @param exit the exit it leaves by
   * @param arrange what differs from a plain success
   * @param outcome the event's outcome
   * @param lastGate the last gate recorded, and whether the call passed it
   * @param credential the credential's status
   * @param adapterStatus the upstream's status in the event (0 when none answered); -1 when
   *     nothing was sent
   * @param adapterError the event's adapter error, or null for none
   * @param text how the caller's result begins
   */
  record Scenario(String name, Class<? extends AdapterExit> exit, Consumer<Arrange> arrange,
      AuditOutcome outcome, GateOutcome lastGate, CredentialStatus credential, int adapterStatus,
      @Nullable String adapterError, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static GateOutcome passed(GateId gate) {
    return new GateOutcome(gate, true, "");
  }

  private static GateOutcome failed(GateId gate) {
    return new GateOutcome(gate, false, "");
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario("invalid header argument", AdapterExit.InvalidArguments.class,
            a -> a.arguments = "{\"id\":\"A-1\",\"note\":\"two\\r\\nX-Injected: yes\"}",
            AuditOutcome.INVALID, failed(GateId.REQUEST), CredentialStatus.NOT_REQUESTED, -1,
            null, "Invalid arguments for tool get_order: argument 'note'"),
        new Scenario("target refused", AdapterExit.TargetRefused.class,
            a -> a.targets = TargetPolicy.builder().allowHost("api.example.com"),
            AuditOutcome.DENIED, failed(GateId.TARGET_HOST), CredentialStatus.NOT_REQUESTED, -1,
            null, "The call to get_order was not made: its upstream target is not allowed"),
        new Scenario("credential of a kind mcpgate cannot send",
            AdapterExit.CredentialUnsupported.class,
            a -> a.binding = CredentialBinding.of("ntlm", AuthKind.NTLM, "memory:ntlm"),
            AuditOutcome.ERROR, passed(GateId.TARGET_HOST), CredentialStatus.NOT_REQUESTED, -1,
            null, "The call to get_order was not made: its upstream credential is of a kind"
                + " (ntlm)"),
        new Scenario("credential resolver broken", AdapterExit.CredentialFailed.class,
            a -> a.resolver = (binding, caller) -> {
              throw new IllegalStateException("vault down");
            },
            AuditOutcome.ERROR, passed(GateId.TARGET_HOST), CredentialStatus.ERROR, -1, null,
            "The call to get_order was not made: its upstream credential could not be obtained"),
        new Scenario("credential unresolved", AdapterExit.CredentialUnavailable.class,
            a -> a.resolver = (binding, caller) -> CredentialResolution.missing("no such key"),
            AuditOutcome.ERROR, passed(GateId.TARGET_HOST), CredentialStatus.MISSING, -1, null,
            "The call to get_order was not made: its upstream credential could not be obtained"),
        new Scenario("secret too short to redact", AdapterExit.CredentialTooShort.class,
            a -> a.resolver = (binding, caller) -> CredentialResolution.resolved(Secret.of("k1")),
            AuditOutcome.ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, -1, null,
            "The call to get_order was not made: its upstream credential is too short"),
        new Scenario("injection failed", AdapterExit.InjectionFailed.class,
            a -> a.binding = CredentialBinding.of("nameless", AuthKind.API_KEY, "memory:k"),
            AuditOutcome.ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 0,
            "credential injection failed",
            "The call to get_order was not made: its upstream credential could not be applied"),
        new Scenario("upstream timeout", AdapterExit.TimedOut.class,
            a -> {
              a.upstreamTakes = Duration.ofSeconds(31);
              a.answer = Answer.filler(200, 1 << 20);
              a.maxResponseBytes = 2 << 20;
            },
            AuditOutcome.TOOL_ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 0,
            "timeout", "The upstream API did not answer get_order within 30 s"),
        new Scenario("connection failure", AdapterExit.ConnectionFailed.class,
            a -> a.unreachable = true,
            AuditOutcome.TOOL_ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 0,
            "*", "The upstream API call for get_order failed: no connection to it could be made"),
        new Scenario("connection closed without an answer", AdapterExit.ConnectionFailed.class,
            a -> a.answer = Answer.closeWithoutAnswer(),
            AuditOutcome.TOOL_ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 0,
            "*", "The upstream API call for get_order failed: it closed the connection"),
        new Scenario("401 after the credential was renewed", AdapterExit.Answered.class,
            a -> {
              AtomicLong resolutions = new AtomicLong();
              a.resolver = new CredentialBindingResolver() {
                @Override
                public CredentialResolution resolve(
                    CredentialBinding binding, dev.mcpgate.api.CallerContext caller) {
                  return CredentialResolution.resolved(
                      Secret.of("sk_live_orders_" + resolutions.incrementAndGet() + "000"));
                }
              };
              a.answer = Answer.json(401, "{\"error\":\"bad key\"}");
            },
            AuditOutcome.TOOL_ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 401,
            null, "The upstream API answered HTTP 401"),
        new Scenario("redirect refused", AdapterExit.RedirectRefused.class,
            a -> {
              a.targets = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback()
                  .maxRedirects(3);
              a.first = List.of(Answer.status(302).withHeader("Location", "http://localhost:1/x"));
            },
            AuditOutcome.DENIED, failed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 302,
            "redirect refused", "The upstream API redirected get_order to a target that is not"
                + " allowed"),
        new Scenario("too many redirects", AdapterExit.RedirectRefused.class,
            a -> {
              a.targets = TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback()
                  .maxRedirects(1);
              a.first = List.of(Answer.status(302).withHeader("Location", "/v1/a"),
                  Answer.status(302).withHeader("Location", "/v1/b"));
            },
            AuditOutcome.DENIED, failed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 302,
            "redirect refused", "The upstream API redirected get_order to a target that is not"
                + " allowed"),
        new Scenario("response too large", AdapterExit.Answered.class,
            a -> a.answer = Answer.text(200, "x".repeat(10_000)),
            AuditOutcome.OK, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 200,
            "response truncated", "xxxxxxxx"),
        new Scenario("upstream error status", AdapterExit.Answered.class,
            a -> a.answer = Answer.json(503, "{\"error\":\"busy\"}").withHeader("Retry-After", "7"),
            AuditOutcome.TOOL_ERROR, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 503,
            null, "The upstream API answered HTTP 503 (Retry-After: 7)"),
        new Scenario("success", AdapterExit.Answered.class,
            a -> { },
            AuditOutcome.OK, passed(GateId.TARGET_HOST), CredentialStatus.RESOLVED, 200, null,
            "{\"id\":\"A-1\"}"),
        new Scenario("success without a credential", AdapterExit.Answered.class,
            a -> a.binding = null,
            AuditOutcome.OK, passed(GateId.TARGET_HOST), CredentialStatus.NOT_REQUESTED, 200,
            null, "{\"id\":\"A-1\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void eachExitLeavesExactlyOneEventSayingHowTheCallEnded(Scenario scenario) {
    Arrange arrange = new Arrange();
    scenario.arrange().accept(arrange);

    JsonNode result = call(arrange);

    assertThat(result.at("/content/0/text").asString()).startsWith(scenario.text());
    assertThat(result.path("isError").asBoolean())
        .isEqualTo(scenario.outcome() != AuditOutcome.OK);
    AuditEvent event = audit.only();
    assertThat(event.outcome()).isEqualTo(scenario.outcome());
    assertThat(event.gates()).last().satisfies(last -> {
      assertThat(last.gate()).isEqualTo(scenario.lastGate().gate());
      assertThat(last.passed()).isEqualTo(scenario.lastGate().passed());
    });
    assertThat(event.credentialStatus()).isEqualTo(scenario.credential());
    assertThat(event.adapter()).isNotNull();
    if (scenario.adapterStatus() < 0) {
      // Nothing was sent: the engine's own outcome of the handler, without status or error.
      assertThat(event.adapter().status()).isZero();
      assertThat(event.adapter().error()).isNull();
      assertThat(upstream.requests()).as("requests sent").isEmpty();
    } else {
      assertThat(event.adapter().status()).isEqualTo(scenario.adapterStatus());
      if ("*".equals(scenario.adapterError())) {
        assertThat(event.adapter().error()).isNotBlank();
      } else {
        assertThat(event.adapter().error()).isEqualTo(scenario.adapterError());
      }
    }
    String everything = event + " " + result;
    assertThat(everything).doesNotContain("sk_live_orders_");
  }

  @Test
  void aRenewedCredentialIsTriedOnceAndTheSecond401Stands() {
    Arrange arrange = new Arrange();
    scenarios().filter(s -> s.name().startsWith("401")).findFirst().orElseThrow()
        .arrange().accept(arrange);

    call(arrange);

    assertThat(upstream.requests()).extracting(request -> request.header("X-Api-Key").orElse(""))
        .containsExactly("sk_live_orders_1000", "sk_live_orders_2000");
  }

  @Test
  void everyExitOfTheAdapterHasAScenario() {
    Set<Class<?>> covered = scenarios().map(Scenario::exit).collect(Collectors.toSet());

    assertThat(covered).containsExactlyInAnyOrderElementsOf(exits(AdapterExit.class));
  }

  /** The records a sealed type permits, through sealed interfaces it permits. */
  private static List<Class<?>> exits(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses())
        .flatMap(type -> type.isInterface() ? exits(type).stream() : Stream.of(type))
        .toList();
  }

  private JsonNode call(Arrange arrange) {
    for (Answer answer : arrange.first) {
      upstream.enqueue(answer);
    }
    Duration takes = arrange.upstreamTakes;
    Answer last = arrange.answer;
    upstream.otherwise(request -> {
      nanos.addAndGet(takes.toNanos());
      return last;
    });
    String baseUrl = arrange.unreachable
        ? "http://127.0.0.1:" + closedPort()
        : upstream.url().toString();
    adapter = HttpUpstream.builder()
        .credentials(arrange.resolver)
        .targets(arrange.targets.build())
        .maxResponseBytes(arrange.maxResponseBytes)
        .timeout(Duration.ofSeconds(30))
        .ticker(nanos::get)
        .build();
    ToolDefinition tool = ToolDefinition.builder("get_order")
        .inputSchema(SCHEMA)
        .http(new HttpOperation("GET", baseUrl + "/v1", "/orders/{id}", List.of(
            new ParameterBinding("id", Location.PATH, "id", null, null, true),
            new ParameterBinding("note", Location.HEADER, "X-Note", null, null, false)), null))
        .build();
    McpGateway gateway = McpGateway.builder()
        .auditSink(audit)
        .tool(tool, adapter.handler(arrange.binding))
        .build();
    return TestClient.connect(gateway).callTool("get_order", arrange.arguments);
  }

  /** A loopback port nothing listens on: the other upstream's, once it is closed. */
  private int closedPort() {
    int port = elsewhere.port();
    elsewhere.close();
    return port;
  }
}
