package dev.mcpgate.admin;

import dev.mcpgate.admin.internal.AdminApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The admin HTTP API as a servlet. Map it at a path of your choice with a wildcard (such as
 * {@code /admin/*}); the API answers under {@code api/v1/} below it, and its OpenAPI 3.1
 * document is at {@code api/v1/openapi.json}. Thread-safe.
 */
public final class AdminApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient AdminApi api;

  /**
   * A servlet serving the API configured.
   *
   * @param config the configuration
   */
  public AdminApiServlet(AdminApiConfig config) {
    this.api = new AdminApi(Objects.requireNonNull(config, "config"));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    api.handle(request, response);
  }
}
