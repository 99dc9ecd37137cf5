package dev.mcpgate.cli.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} and {@code GET /readyz}: for a load balancer or an orchestrator, without
 * authentication, answering a fixed status word and nothing about the gateway inside. Health is
 * 200 while the process serves HTTP at all; readiness is 200 only once every source is imported
 * and the MCP endpoint answers, 503 before that and while stopping. Thread-safe.
 */
public final class HealthServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** What readiness reports. */
  public enum State {
    /** The sources are being imported: MCP requests get 503. */
    STARTING,
    /** The MCP endpoint serves. */
    READY,
    /** The server is stopping. */
    STOPPING
  }

  private final transient Supplier<State> state;

  /**
   * A servlet answering both paths.
   *
   * @param state the server's state, read on every readiness request
   */
  public HealthServlet(Supplier<State> state) {
    this.state = state;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("/readyz".equals(request.getServletPath())) {
      State now = state.get();
      write(response, now == State.READY ? 200 : 503,
          now.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      write(response, 200, "up");
    }
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    doGet(request, response);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      write(response, 405, "method not allowed");
      return;
    }
    super.service(request, response);
  }

  private static void write(HttpServletResponse response, int status, String word)
      throws IOException {
    byte[] body = ("{\"status\":\"" + word + "\"}").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
