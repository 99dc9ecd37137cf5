package dev.mcpgate.cli.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.AdminApiServlet;
import dev.mcpgate.admin.mcp.HumanConfirmation;
import dev.mcpgate.admin.mcp.ManagementMcpConfig;
import dev.mcpgate.admin.mcp.ManagementMcpServlet;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.servlet.McpTransportConfig;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The admin HTTP API of {@code mcpgate serve} on a Jetty of its own ({@code admin.address},
 * {@code admin.port}), mounted at {@code admin.path}, and the Management MCP endpoint at {@code
 * admin.path + "/mcp"}: the MCP listener never answers either. Anything outside the mount path
 * is a 404. Thread-safe.
 */
public final class AdminListener implements AutoCloseable {

  private final Server jetty;
  private final URI base;

  private AdminListener(Server jetty, URI base) {
    this.jetty = jetty;
    this.base = base;
  }

  /**
   * Starts listening with the admin API over a control plane.
   *
   * @param admin the {@code admin} section
   * @param control the control plane the API acts on
   * @return the listening server
   * @throws IllegalStateException if it cannot listen
   */
  public static AdminListener listen(ServeConfig.Admin admin, ControlPlane control) {
    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(admin.address());
    connector.setPort(admin.port());
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    AdminApiConfig api = AdminApiConfig.builder(control).build();
    context.addServlet(new ServletHolder(new AdminApiServlet(api)), admin.path() + "/*");
    // The Management MCP endpoint calls the admin API above in-process, from the same config.
    McpTransportConfig.Builder transport = McpTransportConfig.builder();
    if (admin.allowNonLoopback()) {
      transport.allowAnyHost();
    }
    ServletHolder mcp = new ServletHolder(new ManagementMcpServlet(
        ManagementMcpConfig.builder(api)
            .adminPath(admin.path())
            .auditSink(control.audit().sink())
            // Asks the client's user when it can; otherwise refuses, unless configured not to.
            .confirmation(HumanConfirmation.throughClient(admin.mcpAllowUnconfirmed()
                ? HumanConfirmation.notRequired() : HumanConfirmation.unavailable()))
            .transport(transport.build())
            .build()));
    mcp.setAsyncSupported(true);
    context.addServlet(mcp, admin.path() + "/mcp");
    jetty.setHandler(context);
    jetty.setStopTimeout(0);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // Already failing to start: the first error is the one reported.
      }
      throw new IllegalStateException("cannot listen for the admin API on " + admin.address()
          + ":" + admin.port() + ": " + e.getMessage(), e);
    }
    String host = admin.address().contains(":") ? "[" + admin.address() + "]" : admin.address();
    return new AdminListener(jetty,
        URI.create("http://" + host + ":" + connector.getLocalPort() + admin.path() + "/"));
  }

  /**
   * The mount point, such as {@code http://127.0.0.1:8081/admin/}; the API is at {@code
   * api/v1/...} below it.
   *
   * @return the URI, ending with '/'
   */
  public URI base() {
    return base;
  }

  /** Stops listening. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception ignored) {
      // Best effort: the process is going away.
    }
  }
}
