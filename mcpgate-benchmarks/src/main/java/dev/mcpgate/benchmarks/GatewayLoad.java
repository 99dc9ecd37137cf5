package dev.mcpgate.benchmarks;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.ToolResult;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.servlet.InProcessDispatcher;
import dev.mcpgate.servlet.McpServlet;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * What the gateway adds to a real call over loopback HTTP: the same upstream (a Jetty server
 * answering a small JSON order) requested directly, and through the gateway as an MCP {@code
 * tools/call} (Streamable HTTP on Jetty, stateless, every gate, the API key injected by {@link
 * HttpUpstream}). Rounds alternate direct and gateway so that a noisy machine hurts both alike;
 * the figures are the medians over rounds.
 *
 * <ul>
 *   <li>latency at 1 connection: p50 and p99 of sequential requests; the gateway adds
 *       p50(gateway) − p50(direct) (goal: at most 100 µs);
 *   <li>throughput at 16 connections: completed requests per second over a fixed window;
 *       gateway / direct (goal: at least 40%).
 * </ul>
 *
 * <p>A third comparison isolates in-process dispatch: one Jetty server hosts an app servlet and
 * the MCP endpoint; the same order is served by a tool dispatched in-process to the app
 * servlet ({@link InProcessDispatcher}) and by a Java tool that returns the same JSON. The
 * difference of their p50 at 1 connection is what in-process dispatch adds (goal: at most 30
 * µs).
 *
 * <p>Run by hand: {@code java -cp mcpgate-benchmarks/target/benchmarks.jar
 * dev.mcpgate.benchmarks.GatewayLoad [rounds] [requestsPerRound] [windowSeconds] [servlet]}.
 */
public final class GatewayLoad {

  private static final String API_KEY = "sk_load_0123456789";
  private static final byte[] ORDER =
      "{\"id\":\"ord_1234\",\"status\":\"paid\",\"amount\":1999,\"currency\":\"eur\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"get_order\",\"arguments\":{\"id\":\"ord_1234\"}}}";

  private GatewayLoad() {}

  /**
   * Runs the comparison and prints the figures.
   *
   * @param args rounds (default 5), sequential requests per round (default 20000), window
   *     seconds at 16 connections (default 5)
   * @throws Exception if a server fails to start or a request fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    boolean servletUpstream = args.length > 3 && args[3].equals("servlet");

    Server upstream = servletUpstream ? servletUpstream() : upstream();
    System.out.println("upstream: " + (servletUpstream ? "a servlet (as a REST API on a servlet"
        + " container)" : "a non-blocking Jetty handler (the fastest Jetty answers)"));
    int upstreamPort = ((ServerConnector) upstream.getConnectors()[0]).getLocalPort();
    HttpUpstream adapter = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("orders", Secret.of(API_KEY)))
        .targets(TargetPolicy.builder().allowHost("127.0.0.1").allowLoopback().build())
        .build();
    Server gateway = gateway(adapter, "http://127.0.0.1:" + upstreamPort + "/v1");
    int gatewayPort = ((ServerConnector) gateway.getConnectors()[0]).getLocalPort();

    Call direct = new Call(upstreamPort, LoopbackClient.request("GET", upstreamPort,
        "/v1/orders/ord_1234", null, "X-Api-Key: " + API_KEY));
    Call viaGateway = toolCall(gatewayPort, "get_order");
    check(direct, "ord_1234");
    check(viaGateway, "ord_1234");
    Server app = hostApp();
    int appPort = ((ServerConnector) app.getConnectors()[0]).getLocalPort();
    Call inProcess = toolCall(appPort, "get_order");
    Call javaTool = toolCall(appPort, "get_order_java");
    check(inProcess, "ord_1234");
    check(javaTool, "ord_1234");

    List<double[]> directLatency = new ArrayList<>();
    List<double[]> gatewayLatency = new ArrayList<>();
    List<Double> directThroughput = new ArrayList<>();
    List<Double> gatewayThroughput = new ArrayList<>();
    // A first, unrecorded round warms up both paths.
    sequential(direct, requests / 2);
    sequential(viaGateway, requests / 2);
    throughput(direct, 16, 2);
    throughput(viaGateway, 16, 2);
    sequential(inProcess, requests / 2);
    sequential(javaTool, requests / 2);
    List<Double> inProcessP50 = new ArrayList<>();
    List<Double> javaToolP50 = new ArrayList<>();
    List<Double> javaToolThroughput = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      directLatency.add(sequential(direct, requests));
      gatewayLatency.add(sequential(viaGateway, requests));
      directThroughput.add(throughput(direct, 16, window));
      gatewayThroughput.add(throughput(viaGateway, 16, window));
      inProcessP50.add(sequential(inProcess, requests)[0]);
      javaToolP50.add(sequential(javaTool, requests)[0]);
      javaToolThroughput.add(throughput(javaTool, 16, window));
      System.out.printf(Locale.ROOT,
          "round %d: p50 direct %.1f µs, gateway %.1f µs; 16 conn direct %.0f/s, gateway %.0f/s;"
              + " p50 in-process tool %.1f µs, Java tool %.1f µs%n",
          round + 1, directLatency.get(round)[0], gatewayLatency.get(round)[0],
          directThroughput.get(round), gatewayThroughput.get(round), inProcessP50.get(round),
          javaToolP50.get(round));
    }
    // Differences and ratios are taken within each round, then their median: the machine's
    // speed drifts between rounds, never within one request pair.
    double[] added = new double[rounds];
    double[] ratio = new double[rounds];
    double[] inProcessAdded = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      added[round] = gatewayLatency.get(round)[0] - directLatency.get(round)[0];
      ratio[round] = gatewayThroughput.get(round) / directThroughput.get(round);
      inProcessAdded[round] = inProcessP50.get(round) - javaToolP50.get(round);
    }
    System.out.printf(Locale.ROOT, "%nmedians over %d rounds%n", rounds);
    System.out.printf(Locale.ROOT, "1 connection:   p50 direct %.1f µs, gateway %.1f µs;"
        + " added p50 %.1f µs (p99 direct %.1f µs, gateway %.1f µs)%n",
        median(directLatency.stream().mapToDouble(l -> l[0]).toArray()),
        median(gatewayLatency.stream().mapToDouble(l -> l[0]).toArray()), median(added),
        median(directLatency.stream().mapToDouble(l -> l[1]).toArray()),
        median(gatewayLatency.stream().mapToDouble(l -> l[1]).toArray()));
    System.out.printf(Locale.ROOT, "16 connections: direct %.0f/s, gateway %.0f/s; gateway/direct %.0f%%%n",
        median(directThroughput.stream().mapToDouble(Double::doubleValue).toArray()),
        median(gatewayThroughput.stream().mapToDouble(Double::doubleValue).toArray()),
        100 * median(ratio));
    System.out.printf(Locale.ROOT, "16 connections: a Java tool over MCP (no upstream) %.0f/s%n",
        median(javaToolThroughput.stream().mapToDouble(Double::doubleValue).toArray()));
    System.out.printf(Locale.ROOT, "in-process:     p50 in-process tool %.1f µs, Java tool %.1f µs;"
        + " added %.1f µs%n",
        median(inProcessP50.stream().mapToDouble(Double::doubleValue).toArray()),
        median(javaToolP50.stream().mapToDouble(Double::doubleValue).toArray()),
        median(inProcessAdded));
    app.stop();
    adapter.close();
    gateway.stop();
    upstream.stop();
  }

  /** A Jetty server on a free loopback port, started. */
  private static Server start(Handler handler) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return server;
  }

  private static Server upstream() throws Exception {
    // Answers on the selector thread, without a hand-off to a worker: the fastest upstream
    // Jetty can be, so that what is measured is the gateway, not the fixture.
    return start(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!API_KEY.equals(request.getHeaders().get("X-Api-Key"))) {
          response.setStatus(401);
          callback.succeeded();
          return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, ORDER.length);
        response.write(true, ByteBuffer.wrap(ORDER), callback);
        return true;
      }
    });
  }

  /** The same upstream as a servlet, as most REST APIs a gateway fronts are served. */
  private static Server servletUpstream() throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new OrderServlet()), "/*");
    return start(context);
  }

  /** Answers the order to a request with the API key, 401 to any other. */
  private static final class OrderServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws java.io.IOException {
      if (!API_KEY.equals(request.getHeader("X-Api-Key"))) {
        response.setStatus(401);
        return;
      }
      response.setContentType("application/json");
      response.setContentLength(ORDER.length);
      response.getOutputStream().write(ORDER);
    }
  }

  private static ToolDefinition getOrder(String name, String baseUrl) {
    return ToolDefinition.builder(name)
        .description("Fetches one order.")
        .inputSchema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},"
            + "\"required\":[\"id\"],\"additionalProperties\":false}")
        .source("orders")
        .operationId("getOrder")
        .http(new HttpOperation("GET", baseUrl, "/orders/{id}", List.of(
            new ParameterBinding("id", ParameterBinding.Location.PATH, "id", null, null, true)),
            null))
        .build();
  }

  private static final CredentialBinding ORDERS_KEY = new CredentialBinding("orders-key",
      AuthKind.API_KEY, "memory:orders", Map.of(), Map.of("in", "header", "name", "X-Api-Key"));

  /** A servlet context with the MCP endpoint (stateless) at /mcp. */
  private static ServletContextHandler mcpContext(McpGateway mcp) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(new McpServlet(mcp,
        McpTransportConfig.builder().stateless(true).build()));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    return context;
  }

  private static Server gateway(HttpUpstream adapter, String baseUrl) throws Exception {
    return start(mcpContext(McpGateway.builder()
        .identityResolver(IdentityResolver.anonymous())
        .source(Source.approved("orders"))
        .tool(getOrder("get_order", baseUrl), adapter.handler(ORDERS_KEY))
        .build()));
  }

  private static Call toolCall(int port, String tool) {
    return new Call(port, LoopbackClient.request("POST", port, "/mcp",
        CALL.replace("get_order", tool).getBytes(StandardCharsets.UTF_8),
        "Accept: application/json, text/event-stream", "MCP-Protocol-Version: 2025-11-25",
        "Content-Type: application/json"));
  }

  /**
   * One prepared request, sent with the same lean loopback client ({@link LoopbackClient}) to
   * both sides alike.
   */
  private record Call(int port, byte[] request) {
    LoopbackClient.Answer send(LoopbackClient client) throws java.io.IOException {
      return client.send(request);
    }

    LoopbackClient client() throws java.io.IOException {
      return new LoopbackClient(port);
    }
  }

  /** An app servlet and the MCP endpoint in one server: in-process and Java tools alike. */
  private static Server hostApp() throws Exception {
    HttpUpstream self = HttpUpstream.builder()
        .credentials(new InMemorySecrets().put("orders", Secret.of(API_KEY)))
        .dispatcher(InProcessDispatcher.create())
        .build();
    ToolDefinition java = getOrder("get_order_java", "http://localhost/api").toBuilder()
        .http(null).source(null).operationId(null).build();
    String order = new String(ORDER, StandardCharsets.UTF_8);
    ServletContextHandler context = mcpContext(McpGateway.builder()
        .identityResolver(IdentityResolver.anonymous())
        .source(Source.approved("orders"))
        .tool(getOrder("get_order", "http://localhost/api"), self.handler(ORDERS_KEY))
        .tool(java, call -> ToolResult.text(order))
        .build());
    context.addServlet(new ServletHolder(new OrderServlet()), "/api/*");
    return start(context);
  }

  private static void check(Call call, String expected) throws Exception {
    try (LoopbackClient client = call.client()) {
      LoopbackClient.Answer response = call.send(client);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (response.status() != 200 || !body.contains(expected) || body.contains("isError")) {
        throw new IllegalStateException("would measure a failure: " + response.status() + " "
            + body);
      }
    }
  }

  /** p50 and p99 in µs of sequential requests on one connection. */
  private static double[] sequential(Call call, int count) throws Exception {
    long[] nanos = new long[count];
    try (LoopbackClient client = call.client()) {
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        LoopbackClient.Answer response = call.send(client);
        nanos[i] = System.nanoTime() - start;
        if (response.status() != 200) {
          throw new IllegalStateException("HTTP " + response.status());
        }
      }
    }
    Arrays.sort(nanos);
    return new double[] {nanos[count / 2] / 1000.0, nanos[(int) (count * 0.99)] / 1000.0};
  }

  /** Completed requests per second with {@code connections} clients for a window. */
  private static double throughput(Call call, int connections, int seconds)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    LongAdder done = new LongAdder();
    CountDownLatch finished = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(() -> {
        try (LoopbackClient client = call.client()) {
          while (running.get()) {
            if (call.send(client).status() == 200) {
              done.increment();
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          finished.countDown();
        }
      });
      thread.setDaemon(true);
      thread.start();
    }
    long start = System.nanoTime();
    Thread.sleep(Duration.ofSeconds(seconds).toMillis());
    running.set(false);
    long count = done.sum();
    double elapsed = (System.nanoTime() - start) / 1e9;
    finished.await();
    return count / elapsed;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
