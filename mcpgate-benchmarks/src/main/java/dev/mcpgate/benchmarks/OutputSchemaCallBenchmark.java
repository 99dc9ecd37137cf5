package dev.mcpgate.benchmarks;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.Headers;
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
 * One {@code tools/call} of the tool peerbench measures ({@code get_item} of its {@code
 * openapi.json}, as the importer makes it), with the upstream answered in-process: an input
 * schema, an output schema (a {@code $ref} into {@code $defs}, as imported), an API-key binding
 * whose secret is redacted from the answer, and the same 1,021-byte JSON item nginx sends. Past
 * the gates and the request, the call's cost is what happens to the answer: redaction of every
 * form of the secret, parsing it into structured content, checking that against the
 * advertised (relaxed) output schema, and the response bytes with the answer twice (text and
 * structured content).
 *
 * <p>Written against the API both before and after the output-schema and redaction work
 * (issues 10 and 11), so the same file measures either checkout.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OutputSchemaCallBenchmark {

  private static final byte[] REQUEST =
      ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"get_item\","
              + "\"arguments\":{\"id\":\"1234\",\"q\":\"hello\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  /** The output schema the importer gives {@code get_item}. */
  private static final String OUTPUT_SCHEMA = """
      {"$ref":"#/$defs/Item","type":"object","$defs":{"Item":{"type":"object","properties":{
        "id":{"type":"string"},"name":{"type":"string"},"q":{"type":"string"},
        "price":{"type":"number"},"currency":{"type":"string"},
        "tags":{"type":"array","items":{"type":"string"}},"description":{"type":"string"}}}}}
      """;

  /** The body peerbench's nginx answers (1,021 bytes for this id and query). */
  static final byte[] UPSTREAM_BODY = ("{\"id\":\"1234\",\"name\":\"item-1234-ok\",\"q\":\"hello\","
      + "\"price\":19.99,\"currency\":\"EUR\",\"stock\":42,"
      + "\"tags\":[\"alpha\",\"beta\",\"gamma\",\"delta\"],"
      + "\"owner\":{\"team\":\"catalog\",\"email\":\"catalog@example.com\"},"
      + "\"created\":\"2024-01-01T00:00:00Z\",\"updated\":\"2024-06-01T12:00:00Z\","
      + "\"description\":\"" + "A benchmark item. ".repeat(42).strip() + "\"}")
      .getBytes(StandardCharsets.UTF_8);

  private McpGateway gateway;
  private HttpUpstream upstream;
  private McpSession session;
  private CallerContext caller;

  /** Builds the gateway once per fork and checks that the measured call succeeds. */
  @Setup(Level.Trial)
  public void setUp() {
    UpstreamResponse answer = new UpstreamResponse(200,
        Headers.of("Content-Type", "application/json"), UPSTREAM_BODY, false);
    upstream = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("items", Secret.of("pb-3f9a61c0d2b84e57")))
        .dispatcher((request, max) -> answer)
        .build();
    CredentialBinding binding = new CredentialBinding("items-key", AuthKind.API_KEY,
        "memory:items", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));
    ToolDefinition tool = ToolDefinition.builder("get_item")
        .title("Get one item by id")
        .description("Get one item by id\n\nReturns the item with the given id; q is an optional"
            + " search hint echoed back.")
        .inputSchema("""
            {"type":"object",
             "properties":{"id":{"type":"string","description":"Item id"},
                           "q":{"type":"string","description":"Search hint"}},
             "required":["id"],"additionalProperties":false}
            """)
        .outputSchema(OUTPUT_SCHEMA)
        .source("items")
        .operationId("get_item")
        .http(new HttpOperation("GET", "http://127.0.0.1:18080", "/items/{id}", List.of(
            new ParameterBinding("id", ParameterBinding.Location.PATH, "id", null, null, true),
            new ParameterBinding("q", ParameterBinding.Location.QUERY, "q", null, null, false)),
            null))
        .build();
    gateway = McpGateway.builder()
        .policy(PolicyEngine.allowAll())
        .source(Source.approved("items"))
        .tool(tool, upstream.handler(binding))
        .build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller = CallerContext.builder().subject("agent-1").clientId("peerbench")
        .environment("production").build();

    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(REQUEST), sink);
    String response = sink.responseText();
    if (!response.contains("item-1234-ok") || response.contains("isError")
        || !response.contains("\"structuredContent\"")) {
      throw new IllegalStateException("the call does not succeed with structured content;"
          + " would measure something else: " + response);
    }
  }

  /** Releases the adapter. */
  @TearDown(Level.Trial)
  public void tearDown() {
    upstream.close();
  }

  /**
   * Parse, handle (the upstream answered in-process), serialize one {@code tools/call}.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void call(Blackhole blackhole) {
    IncomingMessage message = gateway.endpoint().parse(REQUEST);
    gateway.endpoint().handle(session, caller, message, new BlackholeSink(blackhole));
  }
}
