package dev.mcpgate.examples.hostapp;

import dev.mcpgate.admin.ui.AdminUiConfig;
import dev.mcpgate.admin.ui.AdminUiServlet;
import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.audit.AsyncAuditSink;
import dev.mcpgate.core.audit.JsonLinesAuditSink;
import dev.mcpgate.core.credentials.InMemorySecrets;
import dev.mcpgate.core.upstream.HttpUpstream;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import dev.mcpgate.servlet.InProcessDispatcher;
import dev.mcpgate.servlet.McpFilter;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The example host application: an orders API on embedded Jetty that serves its own OpenAPI
 * description, and a third-party shipping API, as MCP tools at {@code /mcp}.
 *
 * <ul>
 *   <li>{@code /api/*}: the app's REST API, behind its own {@code X-Api-Key} filter (mapped for
 *       {@code REQUEST} and {@code FORWARD});
 *   <li>{@code /openapi.yaml}: its description, which the app imports at startup;
 *   <li>{@code /mcp}: {@link McpFilter}; MCP callers present {@code Authorization: Bearer
 *       demo-agent-token}. The orders tools are dispatched in-process with the app's own key
 *       injected; the shipping tools go over loopback HTTP to a second server in this JVM, with
 *       its key injected. Neither key is ever visible to the MCP caller.
 * </ul>
 *
 * <ul>
 *   <li>{@code /admin/*}: the operators' web UI ({@link AdminUiServlet}) over an in-memory
 *       control plane that records the two sources as reviewed, approved and published, their
 *       bindings (references only) and every call's audit event. The app prints a one-time
 *       login link at start-up.
 * </ul>
 *
 * <p>Keys come from the environment variables {@code ORDERS_API_KEY} and {@code
 * SHIPPING_API_KEY}, with demo defaults. Audit events go as JSON lines to the slf4j logger
 * {@code mcpgate.audit}, at INFO, on stderr, and to the control plane for the UI.
 */
public final class HostApp implements AutoCloseable {

  /** The bearer token the demo's MCP caller presents. */
  public static final String DEMO_TOKEN = "demo-agent-token";

  static final String USAGE = "usage: java -jar mcpgate-host-app.jar [--port <1-65535>]";
  private static final String BIND_ADDRESS = "127.0.0.1";

  private final Server server;
  private final Server shipping;
  private final AsyncAuditSink audit;
  private final List<HttpUpstream> upstreams;
  private final int port;
  private final List<String> tools;
  private final ControlPlane control;
  private final AdminUiServlet ui;

  private HostApp(ControlPlane control, AdminUiServlet ui, Server server, Server shipping,
      AsyncAuditSink audit,
      List<HttpUpstream> upstreams, List<String> tools) {
    this.server = server;
    this.shipping = shipping;
    this.audit = audit;
    this.upstreams = upstreams;
    this.port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    this.tools = tools;
    this.control = control;
    this.ui = ui;
  }

  /**
   * Runs the app until the process is stopped.
   *
   * @param args {@code --port N} (default 8080); {@code --help} prints the usage
   * @throws Exception if Jetty fails after it started
   */
  public static void main(String[] args) throws Exception {
    // slf4j-simple reads these once, on first use: Jetty's chatter off, audit lines on.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.setProperty("org.slf4j.simpleLogger.log." + JsonLinesAuditSink.LOGGER, "info");
    int port;
    try {
      Integer parsed = parsePort(args);
      if (parsed == null) {
        System.out.println(USAGE);
        return;
      }
      port = parsed;
    } catch (IllegalArgumentException e) {
      System.err.println("mcpgate-host-app: " + e.getMessage() + "; " + USAGE);
      System.exit(2);
      return;
    }
    HostApp app;
    try {
      app = start(port, env("ORDERS_API_KEY", "orders-demo-key-change-me"),
          env("SHIPPING_API_KEY", "shipping-demo-key-change-me"));
    } catch (IOException e) {
      System.err.println("mcpgate-host-app: cannot listen on " + BIND_ADDRESS + ":" + port
          + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "host-app-shutdown"));
    System.out.println(app.banner());
    System.out.flush();
    app.server.join();
  }

  /**
   * Reads the port from the arguments.
   *
   * @param args the command-line arguments
   * @return the port (8080 when not given), or null when help was asked for
   * @throws IllegalArgumentException with a one-line message if the arguments are not usable
   */
  static @Nullable Integer parsePort(String[] args) {
    String value = "8080";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      } else if (arg.equals("--port")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--port needs a value");
        }
        value = args[++i];
      } else if (arg.startsWith("--port=")) {
        value = arg.substring("--port=".length());
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1 to 65535, was " + port);
    }
    return port;
  }

  /**
   * Starts the app and the simulated shipping API on loopback.
   *
   * @param port the app's port; 0 for an ephemeral one
   * @param ordersKey the orders API's own key, which its filter demands
   * @param shippingKey the shipping API's key
   * @return the running app
   * @throws Exception if a server cannot start
   */
  public static HostApp start(int port, String ordersKey, String shippingKey) throws Exception {
    Server shipping = ShippingApi.start(shippingKey);
    int shippingPort = ((ServerConnector) shipping.getConnectors()[0]).getLocalPort();

    // Upstream credentials: held here, injected per call, never shown to an MCP caller.
    InMemorySecrets secrets = new InMemorySecrets()
        .put("orders-api-key", ordersKey)
        .put("shipping-api-key", shippingKey);
    HttpUpstream self = HttpUpstream.builder()
        .credentials(secrets)
        .dispatcher(InProcessDispatcher.create())
        .build();
    HttpUpstream external = HttpUpstream.builder()
        .credentials(secrets)
        // Exactly the shipping server: loopback is refused unless allowed, and so is any port
        // but its own.
        .targets(TargetPolicy.builder()
            .allowHost(BIND_ADDRESS)
            .allowPorts(shippingPort)
            .allowSchemes("http")
            .allowLoopback()
            .build())
        .timeout(Duration.ofSeconds(10))
        .build();

    // The in-process server URL's host is never contacted: only its path, /api, is used.
    ImportResult orders = ApiImporter.importContent(resource("openapi.yaml"),
        "classpath:openapi.yaml",
        ImportOptions.builder().sourceId("orders").serverUrl("http://localhost/api").build());
    ImportResult quotes = ApiImporter.importContent(resource("shipping-openapi.yaml"),
        "classpath:shipping-openapi.yaml",
        ImportOptions.builder().sourceId("shipping")
            .serverUrl("http://" + BIND_ADDRESS + ":" + shippingPort).build());

    // The operators' view of the same boundary: what was imported, reviewed and published, and
    // what every call did, in an in-memory control plane the web UI at /admin/ shows.
    ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build();
    record(control, "orders", resource("openapi.yaml"), "classpath:openapi.yaml",
        apiKeyBinding("orders-api-key", "X-Api-Key"));
    record(control, "shipping", resource("shipping-openapi.yaml"),
        "classpath:shipping-openapi.yaml",
        apiKeyBinding("shipping-api-key", ShippingApi.KEY_HEADER));
    AdminUiServlet ui = new AdminUiServlet(AdminUiConfig.builder(control).build());

    AsyncAuditSink audit = new AsyncAuditSink(JsonLinesAuditSink.toSlf4j(), 10_000);
    McpGateway.Builder gateway = McpGateway.builder()
        .serverInfo("mcpgate-host-app", "0.1.0")
        .instructions("Orders and inventory of a small shop, and shipping quotes.")
        .identityResolver(demoToken(DEMO_TOKEN))
        .auditSink(AuditSink.all(List.of(audit, control.audit().sink())))
        // An operator's approval, given in code for the demo.
        .source(Source.approved("orders"))
        .source(Source.approved("shipping"));
    CredentialBinding ordersKeyBinding = apiKeyBinding("orders-api-key", "X-Api-Key");
    CredentialBinding shippingKeyBinding =
        apiKeyBinding("shipping-api-key", ShippingApi.KEY_HEADER);
    for (ToolDefinition tool : orders.tools()) {
      gateway.tool(tool, self.handler(ordersKeyBinding));
    }
    for (ToolDefinition tool : quotes.tools()) {
      gateway.tool(tool, external.handler(shippingKeyBinding));
    }

    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(BIND_ADDRESS);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    // Stateless: every POST stands alone, so one curl line can call a tool, and replicas need
    // no sticky sessions.
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway.build(),
        McpTransportConfig.builder().stateless(true).build()));
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/mcp", EnumSet.of(DispatcherType.REQUEST));
    // FORWARD too: in-process tool calls arrive as forwards and must pass the same check.
    context.addFilter(new FilterHolder(new ApiKeyFilter("X-Api-Key", ordersKey)), "/api/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
    context.addServlet(new ServletHolder(new OrdersApi()), "/api/*");
    context.addServlet(new ServletHolder(new Document(resource("openapi.yaml"))), "/openapi.yaml");
    context.addServlet(new ServletHolder(ui), "/admin/*");
    server.setHandler(context);
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      shipping.stop();
      server.stop();
      throw e;
    }
    List<String> names = new ArrayList<>();
    orders.tools().forEach(tool -> names.add(tool.name() + " (in-process)"));
    quotes.tools().forEach(tool -> names.add(tool.name() + " (" + BIND_ADDRESS + ":"
        + shippingPort + ")"));
    return new HostApp(control, ui, server, shipping, audit, List.of(self, external), names);
  }

  /**
   * Records a source the app serves as the control plane's objects, as the host's own
   * configuration (owner {@code file}: the UI shows them and refuses to change them): its
   * revision, the approval of its review, its publication and its binding.
   */
  private static void record(ControlPlane control, String sourceId, byte[] description,
      String location, CredentialBinding binding) {
    Actor host = Actor.local(Surface.FILE);
    expect(control.apply(host, new Command.ImportRevision(sourceId, description, location)));
    long review = control.review(sourceId, 1).orElseThrow().meta().revision();
    expect(control.apply(host, new Command.DecideReview(sourceId, 1, Command.Decision.APPROVE,
        "approved in the host app's code", review)));
    for (String environment : List.of(dev.mcpgate.control.Source.SANDBOX,
        dev.mcpgate.control.Source.PRODUCTION)) {
      long revision = control.source(sourceId).orElseThrow().meta().revision();
      expect(control.apply(host, new Command.PublishRevision(sourceId, 1, environment,
          revision)));
    }
    expect(control.apply(host, new Command.PutBinding(new CredentialBinding(sourceId,
        binding.kind(), binding.secretRef(), binding.profileRefs(), binding.settings()), 0)));
  }

  private static void expect(Outcome<?> outcome) {
    if (outcome instanceof Outcome.Refused<?> refused) {
      throw new IllegalStateException("the demo's control plane refused a change: "
          + refused.message());
    }
  }

  /**
   * A one-time link that logs into the web UI as an admin.
   *
   * @return {@code http://localhost:PORT/admin/login/link/...}
   */
  public URI adminLoginLink() {
    return URI.create("http://localhost:" + port + "/admin/" + ui.issueLoginLink());
  }

  /**
   * The port the app listens on.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The MCP endpoint.
   *
   * @return {@code http://localhost:PORT/mcp}
   */
  public URI mcpUrl() {
    return URI.create("http://localhost:" + port + "/mcp");
  }

  /**
   * What the app prints when it started: where to connect, with which token, and a first call.
   *
   * @return the text
   */
  public String banner() {
    return String.join("\n",
        "mcpgate host app listening on http://localhost:" + port,
        "  REST API      http://localhost:" + port + "/api/orders  (needs its own X-Api-Key)",
        "  OpenAPI       http://localhost:" + port + "/openapi.yaml",
        "  MCP endpoint  " + mcpUrl() + "  (Streamable HTTP)",
        "  MCP token     Authorization: Bearer " + DEMO_TOKEN,
        "  admin UI      http://localhost:" + port + "/admin/  (sources, tools, audit)",
        "  UI login      " + adminLoginLink() + "  (one-time link)",
        "  tools         " + String.join(", ", tools),
        "  try           curl -s " + mcpUrl() + " -H 'Authorization: Bearer " + DEMO_TOKEN
            + "' -H 'Content-Type: application/json' -H 'Accept: application/json,"
            + " text/event-stream' -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"list_orders\",\"arguments\":{}}}'");
  }

  /** Stops both servers and flushes the audit log. */
  @Override
  public void close() {
    try {
      server.stop();
      shipping.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      upstreams.forEach(HttpUpstream::close);
      audit.close(Duration.ofSeconds(2));
      control.close();
    }
  }

  /**
   * The demo's caller authentication: one bearer token, one caller. A real app verifies a JWT
   * or an OAuth access token here; the point is that this token only ever reaches the gateway.
   */
  private static IdentityResolver demoToken(String token) {
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    CallerContext caller = CallerContext.builder()
        .clientId("demo-agent")
        .environment("sandbox")
        .surface("mcp")
        .authMethod("bearer")
        .build();
    return request -> {
      String presented = request.header("Authorization");
      if (presented == null) {
        return IdentityResult.unauthenticated();
      }
      return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))
          ? new IdentityResult.Authenticated(caller)
          : IdentityResult.invalid("unknown token");
    };
  }

  private static CredentialBinding apiKeyBinding(String secretName, String header) {
    return new CredentialBinding(secretName, AuthKind.API_KEY, "memory:" + secretName, Map.of(),
        Map.of("in", "header", "name", header));
  }

  private static byte[] resource(String name) {
    try (InputStream in = HostApp.class.getResourceAsStream("/" + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Serves the API description it was made with. */
  private static final class Document extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final byte[] yaml;

    Document(byte[] yaml) {
      this.yaml = yaml.clone();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/yaml");
      response.setContentLength(yaml.length);
      response.getOutputStream().write(yaml);
    }
  }
}
