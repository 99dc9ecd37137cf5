package dev.mcpgate.benchmarks;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.core.IncomingMessage;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's cost of one {@code tools/call} as a transport sees it: parse the request bytes,
 * handle it (lookup, policy, input schema validation, a trivial Java handler, audit), and
 * serialize the response into the sink. No HTTP, no identity resolution, no upstream call.
 *
 * <p>Goal: p50 at most 10 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ToolsCallBenchmark {

  private static final byte[] REQUEST =
      ("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
              + "\"arguments\":{\"text\":\"hello\",\"count\":3}}}")
          .getBytes(StandardCharsets.UTF_8);

  private McpGateway gateway;
  private McpSession session;
  private CallerContext caller;

  /** Builds the gateway once per fork and checks that the measured call succeeds. */
  @Setup(Level.Trial)
  public void setUp() {
    gateway =
        McpGateway.builder()
            .policy(PolicyEngine.allowAll())
            .tool(SampleTools.echo(), SampleTools.ECHO)
            .build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller = CallerContext.anonymous();

    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(REQUEST), sink);
    String response = sink.responseText();
    if (!response.contains("\"hello hello hello\"") || response.contains("isError")) {
      throw new IllegalStateException("tools/call does not succeed; would measure an error: " + response);
    }
  }

  /**
   * Parse, handle, serialize one {@code tools/call}.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void toolsCall(Blackhole blackhole) {
    IncomingMessage message = gateway.endpoint().parse(REQUEST);
    gateway.endpoint().handle(session, caller, message, new BlackholeSink(blackhole));
  }
}
