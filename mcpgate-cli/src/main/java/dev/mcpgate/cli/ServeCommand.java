package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.StandaloneGateway;
import dev.mcpgate.servlet.McpServlet;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate serve --config FILE}: serves the API descriptions a YAML configuration names as
 * governed MCP tools over Streamable HTTP, on embedded Jetty, until stopped (Ctrl-C).
 * docs/configuration.md describes the file.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve APIs as governed MCP tools over Streamable HTTP, as a YAML configuration says.",
      "Exit code 2 with the list of problems when the configuration is not usable; 1 when the "
          + "server cannot start. Ctrl-C stops it."
    })
public final class ServeCommand implements Callable<Integer> {

  /** The exit code of a configuration that cannot be served. */
  public static final int CONFIG_ERROR = 2;

  @Spec private @Nullable CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The configuration file (YAML).")
  private Path config = Path.of("mcpgate.yaml");

  @Option(names = {"-p", "--port"}, paramLabel = "N",
      description = "The port to listen on, overriding server.port; 0 picks a free port.")
  private @Nullable Integer port;

  @Option(names = "--check",
      description = "Check the configuration (import every source, read client keys), print what "
          + "would be served, and exit without listening.")
  private boolean check;

  /** Creates the command; picocli fills in its options. */
  public ServeCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec == null ? stdout() : spec.commandLine().getOut();
    PrintWriter err = spec == null ? stderr() : spec.commandLine().getErr();
    Running running;
    try {
      if (check) {
        try (StandaloneGateway gateway = StandaloneGateway.assemble(
            ConfigLoader.load(config), System::getenv, config.toString())) {
          report(config, gateway, out);
          out.println("configuration OK");
          out.flush();
        }
        return 0;
      }
      // Audit lines on standard output are the only thing there: the startup lines go to stderr.
      if (ConfigLoader.load(config).audit().output() instanceof ServeConfig.AuditOutput.Stdout) {
        out = err;
      }
      running = start(config, port, System::getenv, out);
    } catch (ConfigException e) {
      err.println("mcpgate: " + e.getMessage() + ":");
      e.problems().forEach(problem -> err.println("  " + problem));
      err.flush();
      return CONFIG_ERROR;
    }
    Thread hook = new Thread(running::close, "mcpgate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("Ctrl-C stops the server.");
    out.flush();
    running.awaitStop();
    return 0;
  }

  /**
   * Starts a server for a configuration file; it runs until {@link Running#close()}.
   *
   * @param file the configuration file
   * @param port a port overriding {@code server.port}, or null
   * @param environment how {@code env:} references are read
   * @param out where the startup lines go
   * @return the running server
   * @throws ConfigException if the configuration cannot be served
   * @throws IllegalStateException if the server cannot listen
   */
  static Running start(
      Path file,
      @Nullable Integer port,
      Function<String, @Nullable String> environment,
      PrintWriter out) {
    String label = file.toString();
    ServeConfig config = ConfigLoader.load(file);
    if (port != null && (port < 0 || port > 65535)) {
      throw new ConfigException(label, java.util.List.of("--port: must be from 0 to 65535"));
    }
    StandaloneGateway gateway = StandaloneGateway.assemble(config, environment, label);
    ServeConfig.Server server = config.server();
    int listenPort = port == null ? server.port() : port;

    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(server.address());
    connector.setPort(listenPort);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder mcp = new ServletHolder(new McpServlet(gateway.gateway(), gateway.transport()));
    mcp.setAsyncSupported(true);
    context.addServlet(mcp, server.path());
    ProtectedResourceMetadata metadata = server.protectedResource();
    if (metadata != null) {
      // The servlet answers both paths of RFC 9728 with the document, whatever its own path.
      context.addServlet(mcp, ProtectedResourceMetadata.WELL_KNOWN_PATH);
      if (!metadata.metadataPath().equals(ProtectedResourceMetadata.WELL_KNOWN_PATH)) {
        context.addServlet(mcp, metadata.metadataPath());
      }
    }
    jetty.setHandler(context);
    // Ctrl-C should be prompt: open SSE streams would hold a graceful stop to its timeout.
    jetty.setStopTimeout(0);
    try {
      jetty.start();
    } catch (Exception e) {
      gateway.close();
      stopQuietly(jetty);
      throw new IllegalStateException("cannot listen on " + server.address() + ":" + listenPort
          + ": " + e.getMessage(), e);
    }
    String host = server.address().contains(":") ? "[" + server.address() + "]" : server.address();
    URI uri = URI.create("http://" + host + ":" + connector.getLocalPort() + server.path());
    report(file, gateway, out);
    out.println("MCP endpoint: " + uri);
    out.flush();
    return new Running(jetty, gateway, uri);
  }

  private static void report(Path file, StandaloneGateway gateway, PrintWriter out) {
    out.println("mcpgate serve: " + file.toAbsolutePath().normalize());
    gateway.summary().forEach(out::println);
    gateway.warnings().forEach(warning -> out.println("warning: " + warning));
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception ignored) {
      // already failing to start; the start failure is what gets reported
    }
  }

  private static PrintWriter stdout() {
    return new PrintWriter(System.out, true, StandardCharsets.UTF_8);
  }

  private static PrintWriter stderr() {
    return new PrintWriter(System.err, true, StandardCharsets.UTF_8);
  }

  /** A running server. {@link #close()} stops it; thread-safe. */
  static final class Running implements AutoCloseable {
    private final Server jetty;
    private final StandaloneGateway gateway;
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Running(Server jetty, StandaloneGateway gateway, URI uri) {
      this.jetty = jetty;
      this.gateway = gateway;
      this.uri = uri;
    }

    /** The MCP endpoint, such as {@code http://127.0.0.1:8080/mcp}. */
    URI uri() {
      return uri;
    }

    /** The gateway and its startup report. */
    StandaloneGateway gateway() {
      return gateway;
    }

    /** Blocks until the server is closed. */
    void awaitStop() throws InterruptedException {
      stopped.await();
    }

    /** Stops accepting requests, ends sessions, releases connections, flushes the audit. */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        jetty.stop();
      } catch (Exception e) {
        // Stopping is best effort: the process is going away.
      } finally {
        gateway.close();
        stopped.countDown();
      }
    }
  }
}
