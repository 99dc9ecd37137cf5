package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.PolicyExplainer;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.SourceImports;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate policy}: questions about a {@code serve} configuration's policy. Its one
 * subcommand, {@code explain}, prints which tools a caller sees and why each other is hidden.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Ask what a serve configuration's policy lets a caller see.",
    subcommands = {PolicyCommand.Explain.class})
public final class PolicyCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public PolicyCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /**
   * {@code mcpgate policy explain --config FILE --client ID [--profile P]}: imports the file's
   * sources (no secret is read, nothing listens) and prints the tools the client sees, each with
   * the rule that allows it, then every hidden tool with why: an unapproved source, the rule that
   * denies it, or the conditions of the allow rules it failed.
   */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "Print which tools a client of a serve configuration sees, and why each other tool is "
            + "hidden.",
        "Exit code 0; 2 when the configuration, the client or the profile is not usable."
      })
  public static final class Explain implements Callable<Integer> {

    @Spec private @Nullable CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "The serve configuration file (YAML).")
    private Path config = Path.of("mcpgate.yaml");

    @Option(names = "--client", required = true, paramLabel = "ID",
        description = "The client's id, as in the file's clients (or a JWT's client id).")
    private String client = "";

    @Option(names = "--profile", paramLabel = "P",
        description = "The client's profile (its environment); needed when it has several.")
    private @Nullable String profile;

    /** Creates the command; picocli fills in its options. */
    public Explain() {}

    @Override
    public Integer call() {
      PrintWriter out = spec == null
          ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
      PrintWriter err = spec == null
          ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
      try {
        ServeConfig loaded = ConfigLoader.load(config);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<SourceImports.Imported> sources = SourceImports.importAll(loaded, problems, warnings);
        if (!problems.isEmpty()) {
          throw new ConfigException(config.toString(), problems);
        }
        PolicyExplainer.explain(loaded, sources, client, profile, config.toString()).forEach(out::println);
        out.flush();
        return 0;
      } catch (ConfigException e) {
        err.println("mcpgate: " + e.getMessage() + ":");
        e.problems().forEach(problem -> err.println("  " + problem));
        err.flush();
        return ServeCommand.CONFIG_ERROR;
      }
    }
  }
}
