package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminListener;
import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.ReloadSignal;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.ServeServer;
import dev.mcpgate.cli.internal.SourceImports;
import dev.mcpgate.cli.internal.StandaloneGateway;
import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.cli.internal.StoreBackedGateway;
import dev.mcpgate.cli.internal.ToolTable;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.servlet.McpServlet;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
      description = "Check the configuration (import every source, read every secret reference "
          + "and client key, check every upstream target), print what would be served, and exit "
          + "without listening.")
  private boolean check;

  @Option(names = "--list-tools",
      description = "With --check: also list every tool (source, name, method, path, operation "
          + "id, upstream auth) in a table.")
  private boolean listTools;

  /** Creates the command; picocli fills in its options. */
  public ServeCommand() {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec == null ? stdout() : spec.commandLine().getOut();
    PrintWriter err = spec == null ? stderr() : spec.commandLine().getErr();
    Running running;
    try {
      if (check) {
        check(config, System::getenv, listTools, out);
        return 0;
      }
      if (listTools) {
        err.println("mcpgate: --list-tools goes with --check");
        err.flush();
        return 2;
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
    PrintWriter log = out;
    ReloadSignal.Installed reloading = ReloadSignal.install(() -> {
      running.reload().forEach(line -> log.println("reload: " + line));
      log.flush();
    });
    if (reloading == ReloadSignal.Installed.YES) {
      out.println("SIGHUP re-reads " + config + (running.reloads()
          ? " and reconciles it with the store." : " (with a store section only)."));
    } else if (reloading == ReloadSignal.Installed.IGNORED) {
      out.println("SIGHUP is ignored by this process (started with nohup?): restart serve to"
          + " apply a changed file");
    }
    out.println("Ctrl-C stops the server.");
    out.flush();
    running.awaitStop();
    return 0;
  }

  /**
   * Checks a configuration as {@code --check} does, printing what would be served.
   *
   * @param file the configuration file
   * @param environment how {@code env:} references are read
   * @param listTools whether every tool is listed in a table
   * @param out where the report goes
   * @throws ConfigException if the configuration cannot be served
   */
  static void check(
      Path file, Function<String, @Nullable String> environment, boolean listTools,
      PrintWriter out) {
    try (StandaloneGateway gateway = StandaloneGateway.assemble(
        ConfigLoader.load(file), environment, file.toString())) {
      report(file, gateway, out);
      if (listTools) {
        List<ToolTable.Row> rows = new ArrayList<>();
        for (SourceImports.Imported source : gateway.sources()) {
          String label = source.entry().id() + (source.entry().approved() ? "" : " (not served)");
          source.tools().forEach(tool -> rows.add(new ToolTable.Row(label, tool)));
        }
        ToolTable.lines(rows).forEach(out::println);
      }
      out.println("configuration OK");
      out.flush();
    }
  }

  /**
   * Starts a server for a configuration file; it runs until {@link Running#close()}. It listens
   * (and answers {@code /healthz}) before the sources are imported; {@code /readyz} and the MCP
   * endpoint answer 503 until they are. With a store and {@code admin} on, the admin API then
   * listens on its own address and port.
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
    ServeConfig.Server server = config.server();
    int listenPort = port == null ? server.port() : port;
    ServeServer listening = ServeServer.listen(server, listenPort);
    StandaloneGateway gateway = null;
    AutoCloseable owner = null;
    AdminListener admin = null;
    try {
      if (config.store().declared()) {
        StoreBackedGateway backed =
            StoreBackedGateway.start(config, environment, HostResolver.system(), label);
        owner = backed;
        gateway = backed.gateway();
      } else {
        gateway = StandaloneGateway.assemble(config, environment, label);
        owner = gateway;
      }
      listening.serve(new McpServlet(gateway.gateway(), gateway.transport()));
      if (config.admin().enabled() && owner instanceof StoreBackedGateway backed) {
        admin = AdminListener.listen(config.admin(), backed.control(), listening.endpoint(),
            backed::effectiveRules, StoreAccess.oidcClientSecret(config, environment, label));
      }
    } catch (RuntimeException e) {
      listening.close();
      closeQuietly(owner);
      throw e;
    }
    report(file, gateway, out);
    if (owner instanceof StoreBackedGateway backed) {
      backed.summary().forEach(out::println);
      backed.warnings().forEach(warning -> out.println("warning: " + warning));
    }
    out.println("MCP endpoint: " + listening.endpoint());
    out.println(McpgateCommand.protocolRevisions());
    out.println("health: " + listening.endpoint().resolve("/healthz") + ", readiness: "
        + listening.endpoint().resolve("/readyz"));
    out.println(adminLine(config, admin));
    out.flush();
    return new Running(listening, admin, gateway, owner);
  }

  private static String adminLine(ServeConfig config, @Nullable AdminListener admin) {
    if (admin != null) {
      return "admin API: " + admin.base().resolve("api/v1/") + " (health: "
          + admin.base().resolve("api/v1/health") + "; operator tokens from mcpgate operators "
          + "create)\nmanagement MCP: " + admin.base().resolve("mcp") + " (operators only)"
          + "\nadmin UI: " + admin.base() + "\n  open once to log in as admin: "
          + admin.loginLink();
    }
    if (!config.store().declared()) {
      return "admin API: off (no store section: it manages the control-plane store)";
    }
    return "admin API: off (admin.enabled: false)";
  }

  private static void closeQuietly(@Nullable AutoCloseable owner) {
    if (owner != null) {
      try {
        owner.close();
      } catch (Exception e) {
        // Already failing: the first error is the one reported.
      }
    }
  }

  private static void report(Path file, StandaloneGateway gateway, PrintWriter out) {
    out.println("mcpgate serve: " + file.toAbsolutePath().normalize());
    gateway.summary().forEach(out::println);
    gateway.warnings().forEach(warning -> out.println("warning: " + warning));
  }

  private static PrintWriter stdout() {
    return new PrintWriter(System.out, true, StandardCharsets.UTF_8);
  }

  private static PrintWriter stderr() {
    return new PrintWriter(System.err, true, StandardCharsets.UTF_8);
  }

  /** A running server. {@link #close()} stops it; thread-safe. */
  static final class Running implements AutoCloseable {
    private final ServeServer server;
    private final @Nullable AdminListener admin;
    private final StandaloneGateway gateway;
    private final AutoCloseable owner;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Running(ServeServer server, @Nullable AdminListener admin, StandaloneGateway gateway,
        AutoCloseable owner) {
      this.server = server;
      this.admin = admin;
      this.gateway = gateway;
      this.owner = owner;
    }

    /** The MCP endpoint, such as {@code http://127.0.0.1:8080/mcp}. */
    URI uri() {
      return server.endpoint();
    }

    /** The admin API's mount point, such as {@code http://127.0.0.1:8081/admin/}, or null. */
    @Nullable URI adminUri() {
      return admin == null ? null : admin.base();
    }

    /** The gateway and its startup report. */
    StandaloneGateway gateway() {
      return gateway;
    }

    /**
     * Whether {@link #reload()} re-reads the file: with a store only.
     *
     * @return true when serve has a store
     */
    boolean reloads() {
      return owner instanceof StoreBackedGateway;
    }

    /**
     * Re-reads the configuration file and reconciles it with the store (SIGHUP).
     *
     * @return the lines to log
     */
    List<String> reload() {
      if (owner instanceof StoreBackedGateway backed) {
        return backed.reload();
      }
      return List.of("not reloaded: without a store section, restart serve to apply a changed"
          + " file");
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
        if (admin != null) {
          admin.close();
        }
        server.close();
      } finally {
        closeQuietly(owner); // the gateway, and the store when there is one
        stopped.countDown();
      }
    }
  }
}
