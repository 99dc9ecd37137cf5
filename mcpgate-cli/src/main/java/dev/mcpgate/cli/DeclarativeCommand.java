package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.FileBaseline;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.control.BaselinePlan;
import dev.mcpgate.control.ControlStoreException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code diff}, {@code apply} and {@code export} share: the store named by {@code
 * --config} (default: the file given with {@code -f}), opened directly (a remote store through
 * {@code --admin-url} is not supported by these commands yet), and {@code --output text|json}.
 * Exit codes: 0 done (no drift), 1 a refusal or a store failure, 2 a usage or configuration
 * problem, or drift ({@code diff}).
 */
abstract class DeclarativeCommand implements Callable<Integer> {

  static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  @Spec private @Nullable CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The serve configuration whose store section names the store (default: the"
          + " file given with -f, else mcpgate.yaml).")
  private @Nullable Path config;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json.")
  private AdminCommand.Format output = AdminCommand.Format.TEXT;

  /** The declarative file, when the command reads one; else null. */
  abstract @Nullable Path file();

  /**
   * Runs on the opened store.
   *
   * @param access the store, with its settings
   * @param out normal output
   * @param err errors
   * @param json whether to print JSON
   * @return the exit code
   * @throws Exception if the command fails (printed as one line, exit code 1)
   */
  abstract int run(StoreAccess access, PrintWriter out, PrintWriter err, boolean json)
      throws Exception;

  @Override
  public final Integer call() throws Exception {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
    PrintWriter err = spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
    Path storeConfig = config != null ? config
        : file() != null ? file() : Path.of("mcpgate.yaml");
    try {
      ServeConfig loaded = ConfigLoader.load(storeConfig);
      try (StoreAccess access = StoreAccess.open(loaded, System::getenv,
          storeConfig.toString())) {
        return run(access, out, err, output == AdminCommand.Format.JSON);
      }
    } catch (ConfigException e) {
      err.println("mcpgate: " + e.getMessage() + ":");
      e.problems().forEach(problem -> err.println("  " + problem));
      err.flush();
      return ServeCommand.CONFIG_ERROR;
    } catch (ControlStoreException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Reads the declarative file and plans it against the store.
   *
   * @param file the file
   * @param access the store
   * @return the plan, and the notes on what the file declares but the store does not hold
   * @throws ConfigException if the file does not load, or a description or key cannot be read
   */
  static Planned plan(Path file, StoreAccess access) {
    ServeConfig declaredConfig = ConfigLoader.load(file);
    List<String> problems = new ArrayList<>();
    FileBaseline.Declared declared =
        FileBaseline.declare(declaredConfig, System::getenv, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(file.toString(), problems);
    }
    return new Planned(BaselinePlan.of(access.control(), declared.baseline(),
        access.settings().environment()), declared.notes());
  }

  /** A plan, with the file's own notes. */
  record Planned(BaselinePlan plan, List<String> fileNotes) {
    /** The plan and the notes as lines. */
    List<String> lines() {
      List<String> lines = new ArrayList<>(plan.lines());
      fileNotes.forEach(note -> lines.add("# " + note));
      return lines;
    }

    /** The plan as one JSON-ready document. */
    Map<String, Object> document() {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("drift", !plan.empty());
      document.put("changes", plan.changes());
      document.put("notes", plan.notes());
      document.put("notMirrored", fileNotes);
      return document;
    }
  }
}
