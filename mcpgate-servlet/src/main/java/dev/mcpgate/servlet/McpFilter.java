package dev.mcpgate.servlet;

import dev.mcpgate.core.McpGateway;
import dev.mcpgate.servlet.internal.MetadataEndpoint;
import dev.mcpgate.servlet.internal.RestGate;
import dev.mcpgate.servlet.internal.StreamableHttpTransport;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Serves an {@link McpGateway} over MCP Streamable HTTP at one path of a host application;
 * other requests pass down the filter chain, authenticated first when the configuration says
 * {@link McpTransportConfig.Builder#authenticateRestRoutes(boolean) so}.
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
 * <p>The filter answers, relative to the context path:
 *
 * <ul>
 *   <li>the MCP path ({@link McpTransportConfig#path()}): the Streamable HTTP transport;
 *   <li>with {@linkplain McpTransportConfig#protectedResource() protected resource metadata},
 *       {@code /.well-known/oauth-protected-resource} and the path RFC 9728 forms from the
 *       resource: the metadata document, to anyone;
 *   <li>with {@linkplain McpTransportConfig#authenticateRestRoutes() REST authentication}, every
 *       other path that is not {@linkplain McpTransportConfig#publicPaths() public}: the same
 *       identity resolver as the MCP endpoint, the same rate limiter (a REST request is one call
 *       of {@value #REST_CALL_NAME}; over the limit it gets 429 with {@code Retry-After}) and the
 *       same audit sink (method {@code rest}); an authenticated request continues down the chain
 *       with its caller in {@value #CALLER_ATTRIBUTE}.
 * </ul>
 *
 * <p>Thread-safe. {@link #destroy()} ends all sessions.
 */
public final class McpFilter implements Filter {

  /**
   * The request attribute holding the {@link dev.mcpgate.api.CallerContext} of an authenticated
   * request to the host application's own routes. Its surface is {@code rest} unless the
   * identity resolver chose another surface than {@code mcp}.
   */
  public static final String CALLER_ATTRIBUTE = "dev.mcpgate.caller";

  /**
   * The name a request to the host application's own routes is rate limited under, as a call
   * of a tool of that name: it shares each client's per-client allowance with the client's MCP
   * tool calls, and {@code RateLimits.builder().perTool(REST_CALL_NAME, ...)} gives REST a limit
   * of its own on top.
   */
  public static final String REST_CALL_NAME = "mcpgate.rest";

  private final StreamableHttpTransport transport;
  private final McpTransportConfig config;
  private final String path;
  private final @Nullable MetadataEndpoint metadata;
  private final @Nullable RestGate rest;

  /**
   * A filter serving a gateway.
   *
   * @param gateway the gateway
   * @param config the transport's configuration, including the path it answers
   */
  public McpFilter(McpGateway gateway, McpTransportConfig config) {
    this.transport = new StreamableHttpTransport(gateway.endpoint(), config);
    this.config = config;
    this.path = config.path();
    this.metadata = config.protectedResource().map(MetadataEndpoint::new).orElse(null);
    this.rest = config.authenticateRestRoutes()
        ? new RestGate(gateway.endpoint(), config.protectedResource().orElse(null), REST_CALL_NAME,
            CALLER_ATTRIBUTE)
        : null;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse httpResponse) {
      String relative = relativePath(http);
      if (relative.equals(path)) {
        transport.service(http, httpResponse);
        return;
      }
      if (metadata != null && metadata.matches(relative)) {
        metadata.serve(http, httpResponse);
        return;
      }
      if (rest != null && mustAuthenticate(http)) {
        rest.filter(http, httpResponse, chain);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * Whether a request to the host's routes goes through the REST gate. A forward, include,
   * error or async dispatch is not a new request from a client: it was checked when it came in,
   * or it is an in-process tool call carrying the application's own credential, which the
   * application's authentication checks. A CORS preflight carries no credential by design.
   */
  private boolean mustAuthenticate(HttpServletRequest request) {
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      return false;
    }
    if (request.getMethod().equals("OPTIONS")
        && request.getHeader("Origin") != null
        && request.getHeader("Access-Control-Request-Method") != null) {
      return false;
    }
    return !config.isPublicPath(mappedPath(request));
  }

  /** The raw request URI without the context path; {@link McpServlet} matches with it too. */
  static String relativePath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context == null || context.isEmpty() || !uri.startsWith(context)
        ? uri
        : uri.substring(context.length());
  }

  /**
   * The decoded, normalized path the container maps servlets with, so that a public pattern
   * can never be matched by a raw URI ({@code /health/../api}) the container routes elsewhere.
   */
  private static String mappedPath(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String mapped = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return mapped.isEmpty() ? "/" : mapped;
  }

  /** Ends every session and stops background work. */
  @Override
  public void destroy() {
    transport.close();
  }
}
