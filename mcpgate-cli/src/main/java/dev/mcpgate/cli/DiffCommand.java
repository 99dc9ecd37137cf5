package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.StoreAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpgate diff -f mcpgate.yaml}: how the store's file-owned objects differ from what the
 * file declares: the plan {@code apply} would carry out, computed by the same {@link
 * dev.mcpgate.control.BaselinePlan} that {@code serve} reconciles with. Exit code 2 on drift, 0
 * when there is none.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show how a configuration file differs from the control plane's store: one"
        + " line per object to add (+), change (~) or remove (-); ! marks what apply leaves"
        + " alone, # what the store does not hold.",
        "Exit code 0: no drift; 2: drift (or a usage problem); 1: the store failed."})
public final class DiffCommand extends DeclarativeCommand {

  /** The exit code when the file and the store differ. */
  public static final int DRIFT = 2;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "The declarative file (a serve configuration).")
  private Path file = Path.of("mcpgate.yaml");

  /** Creates the command; picocli fills in its options. */
  public DiffCommand() {}

  @Override
  Path file() {
    return file;
  }

  @Override
  int run(StoreAccess access, PrintWriter out, PrintWriter err, boolean json) {
    Planned planned = plan(file, access);
    if (json) {
      out.println(JSON.writeValueAsString(planned.document()));
    } else {
      planned.lines().forEach(out::println);
      out.println(planned.plan().empty() ? "no drift: the store's file-owned objects are what "
          + file + " declares" : planned.plan().changes().size() + " changes to bring "
          + access.settings().label() + " to " + file + " (mcpgate apply -f " + file + ")");
    }
    return planned.plan().empty() ? 0 : DRIFT;
  }
}
