package dev.mcpgate.admin.ui;

import dev.mcpgate.admin.ui.internal.UiApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The operators' web UI as a servlet. Map it at a path of your choice with a wildcard (such as
 * {@code /admin/*}); its pages, forms and assets answer below it, and it never answers {@code
 * api/} below it (mount the {@link dev.mcpgate.admin.AdminApiServlet} there, or anywhere else).
 * Thread-safe.
 *
 * <p>Operators log in with an operator token, or with a one-time link from {@link
 * #issueLoginLink()} (what {@code mcpgate serve} prints at start-up).
 */
public final class AdminUiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient UiApp app;

  /**
   * A servlet serving the UI configured.
   *
   * @param config the configuration
   */
  public AdminUiServlet(AdminUiConfig config) {
    this.app = new UiApp(Objects.requireNonNull(config, "config"));
  }

  /**
   * Issues a one-time login link: opened once within {@link AdminUiConfig#loginLinkLifetime()},
   * it starts an admin session (actor {@code setup-link}, surface {@code ui}); then it is spent.
   * Links live in this servlet's memory, so a restart forgets them.
   *
   * @return the link's path relative to the mount point, such as {@code login/link/abc...}
   */
  public String issueLoginLink() {
    return app.issueLoginLink();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    app.handle(request, response);
  }
}
