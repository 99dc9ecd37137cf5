package dev.mcpgate.benchmarks;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code tools/call} of an imported tool through every gate and the upstream adapter, with
 * the upstream stubbed: parse, source and operation gates, policy (listing and call), input
 * schema, size limits, rate limit, request building, the target gate (in-process: no DNS),
 * credential resolution from an in-memory store, API-key injection, the stubbed exchange, the
 * response mapping, the audit event and the response bytes. What the gateway adds to a call
 * before and after the network.
 *
 * <p>Goal: p50 at most 15 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GatePipelineBenchmark {

  private static final byte[] REQUEST =
      ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\","
              + "\"arguments\":{\"id\":\"ord_1234\",\"expand\":\"items\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] UPSTREAM_BODY =
      "{\"id\":\"ord_1234\",\"status\":\"paid\",\"amount\":1999,\"currency\":\"eur\"}"
          .getBytes(StandardCharsets.UTF_8);

  private McpGateway gateway;
  private HttpUpstream upstream;
  private McpSession session;
  private CallerContext caller;

  /** Builds the gateway once per fork and checks that the measured call succeeds. */
  @Setup(Level.Trial)
  public void setUp() {
    UpstreamResponse answer = new UpstreamResponse(200,
        List.of(Map.entry("Content-Type", "application/json")), UPSTREAM_BODY, false);
    upstream = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("orders", Secret.of("sk_live_benchmark_key")))
        .dispatcher((request, max) -> answer)
        .build();
    CredentialBinding binding = new CredentialBinding("orders-key", AuthKind.API_KEY,
        "memory:orders", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));
    ToolDefinition tool = ToolDefinition.builder("get_order")
        .description("Fetches one order.")
        .inputSchema("""
            {"type":"object",
             "properties":{"id":{"type":"string","maxLength":64},
                           "expand":{"type":"string","enum":["items","customer"]}},
             "required":["id"],"additionalProperties":false}
            """)
        .source("orders")
        .operationId("getOrder")
        .http(new HttpOperation("GET", "http://localhost/api", "/orders/{id}", List.of(
            new ParameterBinding("id", ParameterBinding.Location.PATH, "id", null, null, true),
            new ParameterBinding("expand", ParameterBinding.Location.QUERY, "expand", null, null,
                false)), null))
        .build();
    gateway = McpGateway.builder()
        .policy(request -> PolicyDecision.allow("benchmark"))
        .source(Source.approved("orders"))
        .tool(tool, upstream.handler(binding))
        .build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller = CallerContext.builder().subject("agent-1").clientId("partner-a")
        .environment("sandbox").build();

    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(REQUEST), sink);
    String response = sink.responseText();
    if (!response.contains("ord_1234") || response.contains("isError")) {
      throw new IllegalStateException("the call does not succeed; would measure an error: "
          + response);
    }
  }

  /** Releases the adapter. */
  @TearDown(Level.Trial)
  public void tearDown() {
    upstream.close();
  }

  /**
   * One gated, stubbed upstream {@code tools/call}.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void gatedCall(Blackhole blackhole) {
    IncomingMessage message = gateway.endpoint().parse(REQUEST);
    gateway.endpoint().handle(session, caller, message, new BlackholeSink(blackhole));
  }
}
