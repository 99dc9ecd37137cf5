package dev.mcpgate.examples.jetty;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.audit.AsyncAuditSink;
import dev.mcpgate.core.audit.RotatingFileAuditSink;
import dev.mcpgate.core.identity.ApiKeyIdentityResolver;
import dev.mcpgate.core.identity.Client;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.servlet.McpFilter;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The embedding tutorial's application on embedded Jetty 12 ({@code docs/embedding.md}): an
 * order service with its own REST route, {@code /api/orders/{id}}, and {@link McpFilter} in
 * front of it answering MCP at {@code /mcp}.
 *
 * <ul>
 *   <li>Callers authenticate with an mcpgate API key ({@link ApiKeyIdentityResolver}): one client,
 *       {@code orders-agent}, whose key is read from the environment variable {@value
 *       #KEY_VARIABLE}.
 *   <li>A rule policy lets that client see and call the read-only tools only.
 *   <li>Every {@code tools/call} leaves one JSON line in an audit file ({@link RotatingFileAuditSink}
 *       behind {@link AsyncAuditSink}).
 * </ul>
 */
public final class EmbeddedJetty implements AutoCloseable {

  /** The environment variable {@link #main} reads the agent's API key from. */
  public static final String KEY_VARIABLE = "ORDERS_AGENT_KEY";

  static final String USAGE = "usage: java -jar mcpgate-embedded-jetty.jar [port] [audit-file]"
      + "  (defaults: 8080 mcpgate-audit.jsonl; the agent's key in " + KEY_VARIABLE + ")";

  private final Server server;
  private final AsyncAuditSink audit;
  private final RotatingFileAuditSink auditFile;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedJetty(Server server, AsyncAuditSink audit, RotatingFileAuditSink auditFile) {
    this.server = server;
    this.audit = audit;
    this.auditFile = auditFile;
  }

  /**
   * Runs the service on {@code 127.0.0.1} until the process is stopped.
   *
   * @param args {@code [port] [audit-file]}
   * @throws Exception if Jetty fails after it started
   */
  public static void main(String[] args) throws Exception {
    String agentKey = System.getenv(KEY_VARIABLE);
    if (agentKey == null || agentKey.isBlank()) {
      System.err.println("Set " + KEY_VARIABLE + " to an mcpgate API key, made with"
          + " `java -jar mcpgate-cli/target/mcpgate.jar hash-key --generate`.\n" + USAGE);
      System.exit(2);
      return;
    }
    int port;
    try {
      port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    } catch (NumberFormatException e) {
      System.err.println("The port must be a number.\n" + USAGE);
      System.exit(2);
      return;
    }
    Path auditPath = Path.of(args.length > 1 ? args[1] : "mcpgate-audit.jsonl");
    EmbeddedJetty app;
    try {
      app = start(port, agentKey.strip(), auditPath);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("Cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
    System.out.println("MCP endpoint http://localhost:" + app.port() + "/mcp (client orders-agent)"
        + "; REST http://localhost:" + app.port() + "/api/orders/ord-1001"
        + "; audit lines in " + auditPath.toAbsolutePath());
    app.server.join();
  }

  /**
   * Starts the service.
   *
   * @param port the port on {@code 127.0.0.1}; 0 for a free one
   * @param agentKey the {@code orders-agent} client's API key, from {@link
   *     ClientRegistry#generateKey()}
   * @param auditPath the file audit lines are appended to
   * @return the running service
   * @throws IllegalArgumentException if the key is not an mcpgate key
   * @throws IOException if the audit file cannot be opened or the port is taken
   * @throws Exception if Jetty cannot start
   */
  public static EmbeddedJetty start(int port, String agentKey, Path auditPath) throws Exception {
    Orders orders = new Orders();

    // Who may call: one client with one key in its sandbox profile. The registry keeps the
    // key's SHA-256 only; a real service restores id and hash with addKeyHash at start-up.
    ClientRegistry clients = new ClientRegistry();
    clients.registerClient(Client.builder("orders-agent").displayName("Order desk agent").build());
    clients.addKey("orders-agent", "sandbox", agentKey);

    // Where audit goes: one JSON line per event, appended to a file (rotated by size) by a
    // background thread.
    RotatingFileAuditSink auditFile = RotatingFileAuditSink.builder(auditPath).open();
    AsyncAuditSink audit = new AsyncAuditSink(auditFile, 10_000);

    McpGateway gateway = McpGateway.builder()
        .serverInfo("orders", "1.0")
        .identityResolver(ApiKeyIdentityResolver.of(clients))
        .policy(RulePolicyEngine.builder()
            .rule(PolicyRule.allow("agent-reads-orders").clientIds("orders-agent").readOnly(true))
            .build())
        .auditSink(audit)
        .tool(Orders.GET_ORDER, orders::getOrder)
        .tool(Orders.CANCEL_ORDER, orders::cancelOrder)
        .build();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(orders.servlet()), "/api/orders/*");
    // The filter answers /mcp and passes every other request on to the application.
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway, McpTransportConfig.defaults()));
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      audit.close(Duration.ZERO);
      auditFile.close();
      throw e;
    }
    return new EmbeddedJetty(server, audit, auditFile);
  }

  /**
   * The port the service listens on.
   *
   * @return the port
   */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * Stops Jetty, then writes out the audit lines still queued and closes the file. Calls after the
   * first do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    } finally {
      audit.close(Duration.ofSeconds(2));
      auditFile.close();
    }
  }
}
