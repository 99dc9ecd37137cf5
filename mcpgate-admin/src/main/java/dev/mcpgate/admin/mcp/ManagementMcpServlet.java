package dev.mcpgate.admin.mcp;

import dev.mcpgate.admin.mcp.internal.ManagementEndpoint;
import dev.mcpgate.servlet.McpServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The Management MCP endpoint as a servlet: the admin API's operations as MCP tools (Streamable
 * HTTP), for operators' own agents, under each operator's identity and role.
 *
 * <p>Map it at the admin API's mount path + {@code /mcp} (such as {@code /admin/mcp}) in the
 * servlet context where the {@link dev.mcpgate.admin.AdminApiServlet} built from the same {@link
 * dev.mcpgate.admin.AdminApiConfig} is mapped at {@link ManagementMcpConfig#adminPath()} +
 * {@code /*}, with async support enabled; never on a data plane's MCP endpoint. The tools are
 * generated from the admin API's OpenAPI document by mcpgate's importer and each call is handed
 * in-process to an admin API servlet over the same configuration (under {@link
 * ManagementMcpConfig#adminPath()}), with a single-use grant for the calling operator: the admin
 * API authorizes it, and the change log records it with surface {@code mcp}.
 *
 * <p>Only operator credentials authenticate (operator tokens, OIDC tokens for the operator
 * audience); anything else gets 401. A viewer lists and calls the reads only. A change tool
 * answers with a plan and a signed, single-use plan token; {@code apply} makes the change, after
 * a human confirmed it through the client when it is destructive ({@link HumanConfirmation}).
 *
 * <p>Thread-safe. {@link #destroy()} ends all sessions.
 */
public final class ManagementMcpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ManagementEndpoint endpoint;
  private final transient McpServlet transport;

  /**
   * A servlet serving the Management MCP endpoint.
   *
   * @param config the configuration
   */
  public ManagementMcpServlet(ManagementMcpConfig config) {
    Objects.requireNonNull(config, "config");
    this.endpoint = ManagementEndpoint.build(config);
    this.transport = new McpServlet(endpoint.gateway(), config.transport());
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    transport.init(servletConfig);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    transport.service(request, response);
  }

  /** Ends every session and closes the in-process adapter. */
  @Override
  public void destroy() {
    transport.destroy();
    endpoint.close();
  }
}
