package dev.mcpgate.servlet;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.servlet.internal.StreamableHttpTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves an {@link McpGateway} over MCP Streamable HTTP as a servlet, for containers where a
 * servlet mapping fits better than a filter. Every request the container maps to it is an MCP
 * request; {@link McpTransportConfig#path()} is not consulted. Register it with async support
 * enabled.
 *
 * <p>Thread-safe. {@link #destroy()} ends all sessions.
 */
public final class McpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient StreamableHttpTransport transport;

  /**
   * A servlet serving a gateway.
   *
   * @param gateway the gateway
   * @param config the transport's configuration
   */
  public McpServlet(McpGateway gateway, McpTransportConfig config) {
    this.transport = new StreamableHttpTransport(gateway, config);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    transport.service(request, response);
  }

  /** Ends every session and stops background work. */
  @Override
  public void destroy() {
    transport.close();
  }
}
