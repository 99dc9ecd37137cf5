package dev.mcpgate.cli;

import dev.mcpgate.core.McpGateway;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mcpgate} command. Subcommands ({@code import}, {@code serve} and the control-plane
 * commands) hang off it; run with {@code --help} to list them.
 */
@Command(
    name = "mcpgate",
    mixinStandardHelpOptions = true,
    versionProvider = McpgateCommand.Version.class,
    description = "Serve an HTTP API to AI agents as governed MCP tools.",
    subcommands = {
      ImportCommand.class,
      ServeCommand.class,
      PolicyCommand.class,
      HashKeyCommand.class,
      OperatorsCommand.class,
      SourcesCommand.class,
      BindingsCommand.class,
      ClientsCommand.class,
      ChangesCommand.class,
      LimitsCommand.class,
      AuditCommand.class,
      CatalogCommand.class,
      HealthCommand.class,
      OpenApiCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      DiffCommand.class,
      ApplyCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class McpgateCommand implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  private final Function<String, @Nullable String> environment;

  /** Creates the command; picocli fills in its options. */
  public McpgateCommand() {
    this(System::getenv);
  }

  private McpgateCommand(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  /** How the control-plane commands read environment variables. */
  Function<String, @Nullable String> environment() {
    return environment;
  }

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @param out where normal output goes
   * @param err where errors go
   * @return the exit code: 0 on success, 2 for a usage error, 1 for a failure
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, System::getenv);
  }

  /**
   * Runs the command line with the environment variables a test gives.
   *
   * @param args the arguments
   * @param out where normal output goes
   * @param err where errors go
   * @param environment how environment variables are read
   * @return the exit code
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err,
      Function<String, @Nullable String> environment) {
    CommandLine commandLine = new CommandLine(new McpgateCommand(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          // One line, never a stack trace: operators read this, scripts parse the exit code.
          line.getErr().println("mcpgate: " + exception.getMessage());
          return 1;
        });
    return commandLine.execute(args);
  }

  /**
   * The entry point of the runnable jar.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
    System.exit(execute(args, out, err));
  }

  /** Reports the jar's version and the MCP versions it speaks. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = McpgateCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "mcpgate " + (version == null ? "(development build)" : version),
        protocolRevisions()
      };
    }
  }

  /**
   * The MCP revisions the gateway serves, as one line: the stateless one and those with sessions.
   */
  static String protocolRevisions() {
    List<String> sessions = McpGateway.SUPPORTED_PROTOCOL_VERSIONS;
    return "MCP protocol " + McpGateway.STATELESS_PROTOCOL_VERSION + " (stateless) and "
        + sessions.get(0) + " with sessions"
        + (sessions.size() > 1
            ? " (also " + String.join(", ", sessions.subList(1, sessions.size())) + ")" : "");
  }
}
