package dev.mcpgate.cli.internal;

import dev.mcpgate.servlet.ProtectedResourceMetadata;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The embedded Jetty of {@code mcpgate serve}: the MCP endpoint (and the protected resource
 * metadata paths, when configured) behind a {@link GatewaySlot}, and {@code /healthz} and
 * {@code /readyz} beside it. It listens first and {@linkplain #serve(HttpServlet) is given} the
 * MCP servlet once the gateway is assembled; readiness follows. Thread-safe.
 */
public final class ServeServer implements AutoCloseable {

  private final Server jetty;
  private final GatewaySlot slot;
  private final AtomicReference<HealthServlet.State> state;
  private final URI endpoint;

  private ServeServer(
      Server jetty, GatewaySlot slot, AtomicReference<HealthServlet.State> state, URI endpoint) {
    this.jetty = jetty;
    this.slot = slot;
    this.state = state;
    this.endpoint = endpoint;
  }

  /**
   * Starts listening; the MCP endpoint answers 503 and readiness is false until {@link
   * #serve(HttpServlet)}.
   *
   * @param server the {@code server} section
   * @param port the port to listen on; 0 picks a free one
   * @return the listening server
   * @throws IllegalStateException if it cannot listen
   */
  public static ServeServer listen(ServeConfig.Server server, int port) {
    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(server.address());
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    GatewaySlot slot = new GatewaySlot();
    ServletHolder mcp = new ServletHolder(slot);
    mcp.setAsyncSupported(true);
    mcp.setInitOrder(0); // initialized as Jetty starts: install() hands its config on
    context.addServlet(mcp, server.path());
    ProtectedResourceMetadata metadata = server.protectedResource();
    if (metadata != null) {
      // The servlet answers both paths of RFC 9728 with the document, whatever its own path.
      context.addServlet(mcp, ProtectedResourceMetadata.WELL_KNOWN_PATH);
      if (!metadata.metadataPath().equals(ProtectedResourceMetadata.WELL_KNOWN_PATH)) {
        context.addServlet(mcp, metadata.metadataPath());
      }
    }
    AtomicReference<HealthServlet.State> state =
        new AtomicReference<>(HealthServlet.State.STARTING);
    ServletHolder health = new ServletHolder(new HealthServlet(state::get));
    ServeConfig.HEALTH_PATHS.forEach(path -> context.addServlet(health, path));
    jetty.setHandler(context);
    // Ctrl-C should be prompt: open SSE streams would hold a graceful stop to its timeout.
    jetty.setStopTimeout(0);
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty);
      throw new IllegalStateException("cannot listen on " + server.address() + ":" + port
          + ": " + e.getMessage(), e);
    }
    String host = server.address().contains(":") ? "[" + server.address() + "]" : server.address();
    URI endpoint = URI.create("http://" + host + ":" + connector.getLocalPort() + server.path());
    return new ServeServer(jetty, slot, state, endpoint);
  }

  /**
   * Puts the MCP servlet in place: from now on the endpoint serves and readiness is true.
   *
   * @param mcp the MCP servlet
   * @throws IllegalStateException if the servlet cannot be initialized
   */
  public void serve(HttpServlet mcp) {
    try {
      slot.install(mcp);
    } catch (ServletException e) {
      throw new IllegalStateException("cannot start the MCP servlet: " + e.getMessage(), e);
    }
    state.set(HealthServlet.State.READY);
  }

  /**
   * The MCP endpoint, such as {@code http://127.0.0.1:8080/mcp}.
   *
   * @return the URI
   */
  public URI endpoint() {
    return endpoint;
  }

  /** Reports not ready, then stops listening and ends the MCP sessions. */
  @Override
  public void close() {
    state.set(HealthServlet.State.STOPPING);
    stopQuietly(jetty);
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception ignored) {
      // Stopping is best effort: the process is going away, or already failing to start.
    }
  }
}
