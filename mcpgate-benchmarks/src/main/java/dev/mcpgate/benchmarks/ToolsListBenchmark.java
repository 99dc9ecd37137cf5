package dev.mcpgate.benchmarks;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.McpSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code tools/list} page (the default 100 tools) over a 5,000-tool catalog: parse, handle
 * (policy per tool, paging), serialize. The first page and a page from the middle, reached with
 * a cursor from the previous page; with every tool visible and with a policy that hides half.
 *
 * <p>Goal: at most 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ToolsListBenchmark {

  private static final int CATALOG_SIZE = 5_000;
  private static final int PAGE_SIZE = 100;

  /** {@code allowAll}: every tool visible; {@code hideHalf}: the policy hides every second tool. */
  @Param({"allowAll", "hideHalf"})
  public String policy;

  private McpGateway gateway;
  private McpSession session;
  private CallerContext caller;
  private byte[] firstPage;
  private byte[] middlePage;

  /**
   * Builds the catalog once per fork, pages through it to get the cursor of the middle page,
   * and checks that every page is full.
   */
  @Setup(Level.Trial)
  public void setUp() {
    McpGateway.Builder builder =
        McpGateway.builder()
            .policy(policy.equals("hideHalf") ? SampleTools.hideInternal() : PolicyEngine.allowAll());
    SampleTools.addApiTools(builder, CATALOG_SIZE);
    gateway = builder.build();
    session = gateway.endpoint().statelessSession(McpGateway.LATEST_PROTOCOL_VERSION);
    caller = CallerContext.anonymous();

    int visible = policy.equals("hideHalf") ? CATALOG_SIZE / 2 : CATALOG_SIZE;
    List<String> cursors = new ArrayList<>();
    String cursor = null;
    int seen = 0;
    do {
      JsonNode result = list(cursor).get("result");
      int tools = result.get("tools").size();
      seen += tools;
      JsonNode next = result.get("nextCursor");
      if (next != null && tools != PAGE_SIZE) {
        throw new IllegalStateException("a page that is not the last has " + tools + " tools");
      }
      cursor = next == null ? null : next.asString();
      if (cursor != null) {
        cursors.add(cursor);
      }
    } while (cursor != null);
    if (seen != visible) {
      throw new IllegalStateException("paging saw " + seen + " tools, expected " + visible);
    }
    firstPage = request(null);
    middlePage = request(cursors.get(cursors.size() / 2));
  }

  private JsonNode list(@Nullable String cursor) {
    CapturingSink sink = new CapturingSink();
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(request(cursor)), sink);
    JsonNode response = JsonMapper.shared().readTree(sink.responseText());
    if (!response.has("result")) {
      throw new IllegalStateException("tools/list failed: " + response);
    }
    return response;
  }

  private static byte[] request(@Nullable String cursor) {
    String params = cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}";
    return ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":" + params + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The first page.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void firstPage(Blackhole blackhole) {
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(firstPage), new BlackholeSink(blackhole));
  }

  /**
   * A page from the middle of the catalog, by cursor.
   *
   * @param blackhole consumes the response bytes
   */
  @Benchmark
  public void middlePage(Blackhole blackhole) {
    gateway.endpoint().handle(session, caller, gateway.endpoint().parse(middlePage), new BlackholeSink(blackhole));
  }
}
