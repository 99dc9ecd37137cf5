package dev.mcpgate.examples.tomcat;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.audit.AsyncAuditSink;
import dev.mcpgate.core.audit.RotatingFileAuditSink;
import dev.mcpgate.core.identity.ApiKeyIdentityResolver;
import dev.mcpgate.core.identity.Client;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.servlet.McpServlet;
import dev.mcpgate.servlet.McpTransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The embedding tutorial's application on embedded Tomcat 11 ({@code docs/embedding.md}): an
 * order service with its own REST route, {@code /api/orders/{id}}, and {@link McpServlet}
 * answering MCP at {@code /mcp}.
 *
 * <ul>
 *   <li>Callers authenticate with an mcpgate API key ({@link ApiKeyIdentityResolver}): one client,
 *       {@code orders-agent}, whose key is read from the environment variable {@value
 *       #KEY_VARIABLE}.
 *   <li>A rule policy lets that client see and call the read-only tools only.
 *   <li>Every {@code tools/call} leaves one JSON line in an audit file ({@link RotatingFileAuditSink}
 *       behind {@link AsyncAuditSink}).
 * </ul>
 *
 * <p>A servlet rather than {@link dev.mcpgate.servlet.McpFilter}: Tomcat runs a context's filters
 * only for a request that maps to a servlet, and this context has none at {@code /mcp}.
 */
public final class EmbeddedTomcat implements AutoCloseable {

  /** The environment variable {@link #main} reads the agent's API key from. */
  public static final String KEY_VARIABLE = "ORDERS_AGENT_KEY";

  static final String USAGE = "usage: java -jar mcpgate-embedded-tomcat.jar [port] [audit-file]"
      + "  (defaults: 8080 mcpgate-audit.jsonl; the agent's key in " + KEY_VARIABLE + ")";

  private final Tomcat tomcat;
  private final Connector connector;
  private final Path baseDir;
  private final AsyncAuditSink audit;
  private final RotatingFileAuditSink auditFile;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedTomcat(Tomcat tomcat, Connector connector, Path baseDir, AsyncAuditSink audit,
      RotatingFileAuditSink auditFile) {
    this.tomcat = tomcat;
    this.connector = connector;
    this.baseDir = baseDir;
    this.audit = audit;
    this.auditFile = auditFile;
  }

  /**
   * Runs the service on {@code 127.0.0.1} until the process is stopped.
   *
   * @param args {@code [port] [audit-file]}
   * @throws Exception if Tomcat fails after it started
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
    EmbeddedTomcat app;
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
    app.tomcat.getServer().await();
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
   * @throws Exception if Tomcat cannot start
   */
  public static EmbeddedTomcat start(int port, String agentKey, Path auditPath) throws Exception {
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

    // Tomcat's working files (compiled JSPs, sessions) go to a directory of their own.
    Path baseDir = Files.createTempDirectory("mcpgate-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setProperty("address", "127.0.0.1");
    connector.setPort(port);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "orders", orders.servlet()).addMapping("/api/orders/*");
    Wrapper mcp = Tomcat.addServlet(context, "mcp",
        new McpServlet(gateway, McpTransportConfig.defaults()));
    mcp.setAsyncSupported(true);
    mcp.addMapping("/mcp");
    EmbeddedTomcat app = new EmbeddedTomcat(tomcat, connector, baseDir, audit, auditFile);
    try {
      tomcat.start();
    } catch (Exception e) {
      app.close();
      throw e;
    }
    // Tomcat logs a port it cannot bind and carries on without the connector.
    if (connector.getState() != LifecycleState.STARTED) {
      app.close();
      throw new IOException("cannot listen on 127.0.0.1:" + port);
    }
    return app;
  }

  /**
   * The port the service listens on.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops Tomcat, then writes out the audit lines still queued and closes the file. Calls after the
   * first do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (Exception e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    } finally {
      audit.close(Duration.ofSeconds(2));
      auditFile.close();
      deleteBaseDir();
    }
  }

  private void deleteBaseDir() {
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // Left behind in the temporary directory: harmless.
    }
  }
}
