package dev.mcpgate.servlet;

import dev.mcpgate.core.McpGateway;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A host application on embedded Jetty 12 for tests: its own servlet answers every path with
 * "host app", and the MCP filter (or servlet) is mounted in front of it, on loopback.
 */
final class JettyHost implements AutoCloseable {

  static final String HOST_ANSWER = "host app";

  private final Server server;
  private final URI base;

  private JettyHost(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  /** Starts a host app with the MCP filter mounted at the config's path. */
  static JettyHost withFilter(McpGateway gateway, McpTransportConfig config) throws Exception {
    return withFilter(gateway, config, null);
  }

  /**
   * Starts a host app with the MCP filter mounted at the config's path, behind another filter
   * (to observe what reaches the MCP filter and what it answered).
   */
  static JettyHost withFilter(
      McpGateway gateway, McpTransportConfig config, @Nullable Filter before) throws Exception {
    ServletContextHandler context = hostContext();
    if (before != null) {
      FilterHolder holder = new FilterHolder(before);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway, config));
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/*", EnumSet.of(DispatcherType.REQUEST));
    return start(context);
  }

  /** Starts a host app with the MCP servlet mapped at {@code /mcp}. */
  static JettyHost withServlet(McpGateway gateway, McpTransportConfig config) throws Exception {
    ServletContextHandler context = hostContext();
    ServletHolder mcp = new ServletHolder(new McpServlet(gateway, config));
    mcp.setAsyncSupported(true);
    context.addServlet(mcp, "/mcp");
    return start(context);
  }

  private static ServletContextHandler hostContext() {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder host =
        new ServletHolder(
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void service(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response.getOutputStream().write(HOST_ANSWER.getBytes(StandardCharsets.UTF_8));
              }
            });
    host.setAsyncSupported(true);
    context.addServlet(host, "/*");
    return context;
  }

  /** Starts a host app from a context the test put together itself. */
  static JettyHost start(ServletContextHandler context) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    return new JettyHost(server, URI.create("http://localhost:" + connector.getLocalPort()));
  }

  URI mcp() {
    return base.resolve("/mcp");
  }

  URI base() {
    return base;
  }

  int port() {
    return base.getPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
