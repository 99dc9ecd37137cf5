package dev.mcpgate.examples.conformance;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.servlet.McpFilter;
import dev.mcpgate.servlet.McpTransportConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * Runs the conformance fixture: embedded Jetty on the loopback interface with {@link McpFilter}
 * at {@code /mcp}, the default (loopback-only) transport configuration, no authentication, and
 * the {@link ConformanceTools} and {@link ConformanceFeatures}.
 *
 * <pre>{@code java -jar examples/conformance/target/mcpgate-conformance-server.jar --port 3001}</pre>
 *
 * <p>Prints {@code mcpgate conformance server listening on http://localhost:N/mcp} once it
 * accepts connections; runs until killed. Bad arguments get a one-line error and exit status 2.
 */
public final class ConformanceServer {

  static final String USAGE = "usage: java -jar mcpgate-conformance-server.jar --port <1-65535>";
  private static final String BIND_ADDRESS = "127.0.0.1";

  private ConformanceServer() {}

  /**
   * Starts the server.
   *
   * @param args {@code --port N} (or {@code --port=N}); {@code --help} prints the usage
   * @throws Exception if Jetty fails after it started
   */
  public static void main(String[] args) throws Exception {
    // slf4j-simple reads this once, on first use: keep Jetty's startup chatter out of the output
    // the script reads, unless the user asked for more.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    int port;
    try {
      Integer parsed = parsePort(args);
      if (parsed == null) {
        System.out.println(USAGE);
        return;
      }
      port = parsed;
    } catch (IllegalArgumentException e) {
      fail(2, e.getMessage() + "; " + USAGE);
      return;
    }
    Server server = start(port);
    System.out.println("mcpgate conformance server listening on http://localhost:" + port + "/mcp");
    System.out.flush();
    server.join();
  }

  /**
   * Reads the port from the arguments.
   *
   * @param args the command-line arguments
   * @return the port, or null when help was asked for
   * @throws IllegalArgumentException with a one-line message if the arguments are not usable
   */
  static @Nullable Integer parsePort(String[] args) {
    String value = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      } else if (arg.equals("--port")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--port needs a value");
        }
        value = args[++i];
      } else if (arg.startsWith("--port=")) {
        value = arg.substring("--port=".length());
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    if (value == null) {
      throw new IllegalArgumentException("--port is required");
    }
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
    }
    // Port 0 would bind an ephemeral port the caller cannot learn without parsing logs.
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1 to 65535, was " + port);
    }
    return port;
  }

  private static Server start(int port) throws Exception {
    AtomicReference<McpGateway> built = new AtomicReference<>();
    McpGateway gateway =
        ConformanceAsks.registerAll(
            ConformanceTasks.registerAll(ConformanceFeatures.registerAll(
                ConformanceTools.registerAll(
                    McpGateway.builder()
                        .serverInfo("mcpgate-conformance", "0.1.0")
                        // The suite authenticates nobody; a real deployment must set a resolver.
                        .identityResolver(IdentityResolver.anonymous())))),
            built)
            .build();
    built.set(gateway);

    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(BIND_ADDRESS);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder mcp = new FilterHolder(new McpFilter(gateway, McpTransportConfig.defaults()));
    // GET streams are held open with startAsync, which needs every filter and the servlet that
    // ends the chain to support async.
    mcp.setAsyncSupported(true);
    context.addFilter(mcp, "/mcp", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder notFound = new ServletHolder(new NotFound());
    notFound.setAsyncSupported(true);
    context.addServlet(notFound, "/");
    server.setHandler(context);
    server.setStopAtShutdown(true);
    try {
      server.start();
    } catch (IOException e) {
      server.stop();
      fail(1, "cannot listen on " + BIND_ADDRESS + ":" + port + ": " + e.getMessage());
    }
    return server;
  }

  private static void fail(int status, String message) {
    PrintStream err = System.err;
    err.println("mcpgate-conformance-server: " + message);
    err.flush();
    System.exit(status);
  }

  /** Ends the filter chain: everything but {@code /mcp} is not found. */
  private static final class NotFound extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.sendError(404);
    }
  }
}
