package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlStoreException;
import dev.mcpgate.control.Surface;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every control-plane command shares: the store named by {@code --config}'s {@code store}
 * section, opened for the command and closed after; the local administrator as the actor
 * (surface {@code cli} in the change log); {@code --output text|json}; exit codes 0 (done),
 * 1 (refused, or the store failed), 2 (the command line or the configuration is not usable).
 */
abstract class StoreCommand implements Callable<Integer> {

  /** Who changes the store from the command line: whoever holds the store's file or URL. */
  static final Actor ACTOR = Actor.local(Surface.CLI);

  /** How a command prints. */
  enum Format {
    /** Lines for a person. */
    TEXT,
    /** One JSON document. */
    JSON
  }

  @Spec private @Nullable CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The serve configuration file whose store section names the store"
          + " (default: mcpgate.yaml; without a store section, mcpgate.db beside it).")
  private Path config = Path.of("mcpgate.yaml");

  @Option(names = "--output", paramLabel = "FORMAT",
      description = "text (default) or json.")
  private Format output = Format.TEXT;

  @Override
  public final Integer call() {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
    PrintWriter err = spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
    try {
      ServeConfig loaded = ConfigLoader.load(config);
      try (StoreAccess access = StoreAccess.open(loaded, System::getenv, config.toString())) {
        return run(access.control(), new CommandOutput(out, err, output == Format.JSON));
      }
    } catch (ConfigException e) {
      err.println("mcpgate: " + e.getMessage() + ":");
      e.problems().forEach(problem -> err.println("  " + problem));
      err.flush();
      return ServeCommand.CONFIG_ERROR;
    } catch (IllegalArgumentException e) {
      // A value the control plane's records refuse (an id, a reference): a usage error. Their
      // messages never quote a value that could be a secret.
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 2;
    } catch (ControlStoreException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /**
   * Runs the command on the opened store.
   *
   * @param control the service layer
   * @param output how to print
   * @return the exit code
   */
  abstract int run(ControlPlane control, CommandOutput output);

  /**
   * A usage error: printed, exit code 2.
   *
   * @param message what is wrong
   * @return never returns normally
   */
  static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(message);
  }
}
