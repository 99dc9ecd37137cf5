package dev.mcpgate.servlet;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.servlet.internal.MetadataEndpoint;
import dev.mcpgate.servlet.internal.StreamableHttpTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Serves an {@link McpGateway} over MCP Streamable HTTP as a servlet, for containers where a
 * servlet mapping fits better than a filter. Every request the container maps to it is an MCP
 * request; {@link McpTransportConfig#path()} is not consulted. Register it with async support
 * enabled. With {@linkplain McpTransportConfig#protectedResource() protected resource metadata},
 * a request for the metadata document that the container maps here too is answered with it.
 * {@linkplain McpTransportConfig#authenticateRestRoutes() REST authentication} needs the filter:
 * a servlet sees only its own requests.
 *
 * <p>Thread-safe. {@link #destroy()} ends all sessions.
 */
public final class McpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient StreamableHttpTransport transport;
  private final transient @Nullable MetadataEndpoint metadata;

  /**
   * A servlet serving a gateway.
   *
   * @param gateway the gateway
   * @param config the transport's configuration
   */
  public McpServlet(McpGateway gateway, McpTransportConfig config) {
    this.transport = new StreamableHttpTransport(gateway.endpoint(), config);
    this.metadata = config.protectedResource().map(MetadataEndpoint::new).orElse(null);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (metadata != null && metadata.matches(McpFilter.relativePath(request))) {
      metadata.serve(request, response);
      return;
    }
    transport.service(request, response);
  }

  /** Ends every session and stops background work. */
  @Override
  public void destroy() {
    transport.close();
  }
}
