package dev.mcpgate.admin.mcp;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.AdminApiServlet;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.testkit.McpTestClient;
import dev.mcpgate.testkit.RecordingAuditSink;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A host application on embedded Jetty 12 (loopback) that mounts the admin API at {@code
 * /admin/*} and the Management MCP endpoint at {@code /admin/mcp}, built from the same admin API
 * configuration, over an in-memory control plane with one operator per role. Plans are dated by
 * a clock the test steps; audit events are recorded.
 */
final class ManagementServer implements AutoCloseable {

  final ControlPlane control = ControlPlane.builder(ControlStore.inMemory()).build();
  final SteppedClock clock = new SteppedClock();
  final RecordingAuditSink audit = new RecordingAuditSink();
  final String admin;
  final String approver;
  final String operator;
  final String viewer;
  final AdminApiConfig adminConfig;
  private final Server jetty;
  private final URI base;

  /** A clock that stands still until the test moves it. */
  static final class SteppedClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-07T04:00:00Z");

    void step(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private ManagementServer(UnaryOperator<AdminApiConfig.Builder> api,
      UnaryOperator<ManagementMcpConfig.Builder> configure) throws Exception {
    admin = operator("root", Role.ADMIN);
    approver = operator("anna", Role.APPROVER);
    operator = operator("olga", Role.OPERATOR);
    viewer = operator("vera", Role.VIEWER);
    adminConfig = api.apply(AdminApiConfig.builder(control)).build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new AdminApiServlet(adminConfig)), "/admin/*");
    ServletHolder mcp = new ServletHolder(new ManagementMcpServlet(configure.apply(
        ManagementMcpConfig.builder(adminConfig).clock(clock).auditSink(audit)).build()));
    mcp.setAsyncSupported(true);
    context.addServlet(mcp, "/admin/mcp");
    jetty.setHandler(context);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  static ManagementServer start() throws Exception {
    return start(builder -> builder);
  }

  static ManagementServer start(UnaryOperator<ManagementMcpConfig.Builder> configure)
      throws Exception {
    return new ManagementServer(builder -> builder, configure);
  }

  static ManagementServer start(UnaryOperator<AdminApiConfig.Builder> api,
      UnaryOperator<ManagementMcpConfig.Builder> configure) throws Exception {
    return new ManagementServer(api, configure);
  }

  private String operator(String name, Role role) {
    Outcome<IssuedOperatorToken> created = control.apply(Actor.local(Surface.CLI),
        new Command.CreateOperator(name, role));
    return ((Outcome.Applied<IssuedOperatorToken>) created).result().token();
  }

  URI endpoint() {
    return base.resolve("/admin/mcp");
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  /** An initialized client with a bearer token. */
  McpTestClient client(String token) {
    McpTestClient client = McpTestClient.builder(endpoint())
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
    client.initialize();
    return client;
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      control.close();
    }
  }
}
