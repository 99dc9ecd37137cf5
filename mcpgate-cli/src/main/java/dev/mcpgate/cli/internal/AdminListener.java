package dev.mcpgate.cli.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.admin.AdminApiServlet;
import dev.mcpgate.admin.mcp.HumanConfirmation;
import dev.mcpgate.admin.mcp.ManagementMcpConfig;
import dev.mcpgate.admin.mcp.ManagementMcpServlet;
import dev.mcpgate.admin.ui.AdminUiConfig;
import dev.mcpgate.admin.ui.AdminUiServlet;
import dev.mcpgate.admin.ui.OidcLogin;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The admin HTTP API, the operators' web UI and the Management MCP endpoint of {@code mcpgate
 * serve} on a Jetty of their own ({@code admin.address}, {@code admin.port}), mounted at {@code
 * admin.path}: the API below {@code api/}, the Management MCP endpoint at {@code mcp}, the UI
 * everywhere else. The MCP listener never answers them. Anything outside the mount path is a
 * 404. Thread-safe.
 */
public final class AdminListener implements AutoCloseable {

  private final Server jetty;
  private final URI base;
  private final AdminUiServlet ui;

  private AdminListener(Server jetty, URI base, AdminUiServlet ui) {
    this.jetty = jetty;
    this.base = base;
    this.ui = ui;
  }

  /** Sends {@code api/...} to the admin API and everything else to the UI. */
  private static final class Mount extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AdminApiServlet api;
    private final transient AdminUiServlet ui;

    Mount(AdminApiServlet api, AdminUiServlet ui) {
      this.api = api;
      this.ui = ui;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException, jakarta.servlet.ServletException {
      String path = request.getPathInfo();
      if (path != null && (path.equals("/api") || path.startsWith("/api/"))) {
        api.service(request, response);
      } else {
        ui.service(request, response);
      }
    }
  }

  /**
   * Starts listening with the admin API and the UI over a control plane.
   *
   * @param admin the {@code admin} section
   * @param control the control plane the API and the UI act on
   * @param mcpEndpoint the MCP endpoint, shown to operators beside a new client key
   * @param effectiveRules the rules the data plane applies, given the store's (the UI and the
   *     API's policy evaluation explain visibility with them)
   * @param oidcClientSecret the UI's client secret at the operators' OIDC provider ({@code
   *     admin.oidc.clientSecretRef}, resolved), or null
   * @return the listening server
   * @throws IllegalStateException if it cannot listen
   */
  public static AdminListener listen(ServeConfig.Admin admin, ControlPlane control,
      URI mcpEndpoint, UnaryOperator<List<PolicyRule>> effectiveRules,
      @Nullable String oidcClientSecret) {
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
    AdminApiConfig.Builder apiConfig = AdminApiConfig.builder(control)
        .effectiveRules(effectiveRules);
    AdminUiConfig.Builder uiConfig = AdminUiConfig.builder(control)
        .mcpEndpoint(mcpEndpoint).effectiveRules(effectiveRules);
    ServeConfig.AdminOidc oidc = admin.oidc();
    if (oidc != null) {
      // One resolver for the operator audience: the API's bearer tokens and the UI's logins.
      JwtIdentityResolver operatorTokens = JwtIdentityResolver.builder()
          .issuer(oidc.issuer().toString())
          .jwksUrl(oidc.jwksUrl())
          .audience(oidc.audience())
          .build();
      apiConfig.oidc(operatorTokens);
      // The same role mapping as the API's OIDC operators (its default, the mcpgate:* scopes).
      OidcLogin.Builder login = OidcLogin.builder(oidc.issuer(), oidc.clientId(), operatorTokens)
          .roles(AdminApiConfig::roleFromScopes);
      oidc.scopes().forEach(login::scope);
      if (oidcClientSecret != null) {
        login.clientSecret(oidcClientSecret);
      }
      uiConfig.oidcLogin(login.build());
    }
    AdminApiConfig api = apiConfig.build();
    AdminUiServlet ui = new AdminUiServlet(uiConfig.build());
    context.addServlet(new ServletHolder(new Mount(new AdminApiServlet(api), ui)),
        admin.path() + "/*");
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
        URI.create("http://" + host + ":" + connector.getLocalPort() + admin.path() + "/"), ui);
  }

  /**
   * Issues a one-time login link to the UI: opened once, it starts an admin session.
   *
   * @return the link
   */
  public URI loginLink() {
    return base.resolve(ui.issueLoginLink());
  }

  /**
   * The mount point, such as {@code http://127.0.0.1:8081/admin/}: the UI; the API is at {@code
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
