package dev.mcpgate.cli.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The MCP endpoint's place in the server while the sources are imported: it answers 503 with
 * {@code Retry-After} until {@link #install(HttpServlet)} puts the MCP servlet in, then passes
 * every request to it. This lets serve listen (and answer health checks) before a slow import
 * finishes. Thread-safe.
 */
public final class GatewaySlot extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final byte[] STARTING = ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
      + "-32603,\"message\":\"Service Unavailable: the gateway is starting\"}}")
      .getBytes(StandardCharsets.UTF_8);

  private final transient AtomicReference<@Nullable HttpServlet> servlet = new AtomicReference<>();

  /** An empty slot. */
  public GatewaySlot() {}

  /**
   * Puts the servlet in; from now on it answers.
   *
   * @param mcp the MCP servlet
   * @throws ServletException if the servlet cannot be initialized
   */
  public void install(HttpServlet mcp) throws ServletException {
    mcp.init(getServletConfig());
    servlet.set(mcp);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    HttpServlet mcp = servlet.get();
    if (mcp == null) {
      response.setStatus(503);
      response.setHeader("Retry-After", "1");
      response.setContentType("application/json");
      response.setContentLength(STARTING.length);
      response.getOutputStream().write(STARTING);
      return;
    }
    // The public entry point: the protected one is out of reach from another servlet.
    mcp.service((ServletRequest) request, (ServletResponse) response);
  }

  @Override
  public void destroy() {
    HttpServlet mcp = servlet.getAndSet(null);
    if (mcp != null) {
      mcp.destroy();
    }
  }
}
