package dev.mcpgate.benchmarks;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.credentials.SecretStores;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's cost of one {@code tools/call} of an upstream tool with a bearer credential,
 * the upstream answered in-process (an {@code UpstreamDispatcher}, no network): build the
 * request, resolve and inject the credential, redact the answer of every form of the secret,
 * cut it at the cap, map it to a result, serialize the response.
 *
 * <p>The answer is a representative API list page of about 8 KiB: {@code clean} JSON, the same
 * JSON {@code escaped} as PHP writes it ({@code \/} in every URL, {@code %} and {@code &} in
 * query strings and text: each decoding the redaction undoes has work), and an {@code echo}
 * that also quotes the bearer token, JSON-escaped.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class UpstreamCallBenchmark {

  private static final String TOKEN = "sk_live_4eC39HqLyjWDarjtT1zdp7dc/benchmark";
  private static final byte[] REQUEST =
      ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":"
              + "\"list_charges\",\"arguments\":{\"limit\":\"40\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  /** Which answer the upstream gives. */
  @Param({"clean", "escaped", "echo"})
  public String body;

  private McpGateway gateway;
  private HttpUpstream upstream;
  private McpSession session;
  private CallerContext caller;

  static String listPage(boolean escaped, boolean echo) {
    StringBuilder json = new StringBuilder("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < 40; i++) {
      String url = "https://api.example.com/v1/charges/ch_" + (100000 + i)
          + "?expand=customer&fields=amount%2Ccurrency";
      json.append(i == 0 ? "" : ",").append("{\"id\":\"ch_").append(100000 + i)
          .append("\",\"amount\":").append(1000 + i)
          .append(",\"currency\":\"eur\",\"description\":\"Order #").append(i)
          .append(" & shipping\",\"url\":\"").append(escaped ? url.replace("/", "\\/") : url)
          .append("\"}");
    }
    json.append("],\"has_more\":true");
    if (echo) {
      json.append(",\"debug\":{\"authorization\":\"Bearer ")
          .append(TOKEN.replace("/", "\\/")).append("\"}");
    }
    return json.append('}').toString();
  }

  /** Builds the gateway once per fork and checks that the measured call succeeds. */
  @Setup(Level.Trial)
  public void setUp() {
    byte[] answer = listPage(!body.equals("clean"), body.equals("echo"))
        .getBytes(StandardCharsets.UTF_8);
    SecretStores stores = SecretStores.builder()
        .memory(new InMemorySecrets().put("charges", TOKEN))
        .build();
    upstream = HttpUpstream.builder()
        .credentials(stores)
        .dispatcher((request, maxBytes) -> new UpstreamResponse(200,
            List.of(new AbstractMap.SimpleImmutableEntry<>("Content-Type", "application/json")),
            answer, false))
        .build();
    ToolDefinition tool = ToolDefinition.builder("list_charges")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"string\"}}}")
        .source("charges")
        .operationId("listCharges")
        .http(new HttpOperation("GET", "https://api.example.com", "/v1/charges", List.of(
            new ParameterBinding("limit", ParameterBinding.Location.QUERY, "limit", null, null,
                false)), null))
        .build();
    gateway = McpGateway.builder()
        .policy(PolicyEngine.allowAll())
        .source(Source.approved("charges"))
        .tool(tool, upstream.handler(
            CredentialBinding.of("charges", AuthKind.BEARER, "memory:charges")))
        .build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller = CallerContext.anonymous();

    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(REQUEST), sink);
    String response = sink.responseText();
    if (!response.contains("ch_100039") || response.contains("isError")
        || response.contains("sk_live")) {
      throw new IllegalStateException(
          "the upstream call does not succeed; would measure an error: " + response);
    }
  }

  /** Closes the adapter. */
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
  public void upstreamCall(Blackhole blackhole) {
    IncomingMessage message = gateway.endpoint().parse(REQUEST);
    gateway.endpoint().handle(session, caller, message, new BlackholeSink(blackhole));
  }
}
