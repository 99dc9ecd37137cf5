package dev.mcpgate.servlet;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.servlet.internal.StreamableHttpTransport;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves an {@link McpGateway} over MCP Streamable HTTP at one path of a host application;
 * every other request passes down the filter chain untouched.
 *
 * <p>Mount it in front of the host's own servlets, with async support enabled so that clients
 * can hold {@code GET} streams open without holding a container thread:
 *
 * <pre>{@code
 * McpFilter mcp = new McpFilter(gateway, McpTransportConfig.defaults());
 * FilterRegistration.Dynamic registration = servletContext.addFilter("mcp", mcp);
 * registration.setAsyncSupported(true);
 * registration.addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Thread-safe. {@link #destroy()} ends all sessions.
 */
public final class McpFilter implements Filter {

  private final StreamableHttpTransport transport;
  private final String path;

  /**
   * A filter serving a gateway.
   *
   * @param gateway the gateway
   * @param config the transport's configuration, including the path it answers
   */
  public McpFilter(McpGateway gateway, McpTransportConfig config) {
    this.transport = new StreamableHttpTransport(gateway, config);
    this.path = config.path();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse httpResponse
        && isMcpPath(http)) {
      transport.service(http, httpResponse);
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean isMcpPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    int start = context == null ? 0 : context.length();
    return uri.length() - start == path.length() && uri.startsWith(path, start);
  }

  /** Ends every session and stops background work. */
  @Override
  public void destroy() {
    transport.close();
  }
}
