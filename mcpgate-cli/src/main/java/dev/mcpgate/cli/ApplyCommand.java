package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.BaselinePlan;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Surface;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpgate apply -f mcpgate.yaml}: prints the plan ({@code diff}'s), asks for confirmation
 * on a terminal (or takes {@code --auto-approve}), then applies it through the service layer as
 * the local administrator on the surface {@code file}: what it creates is owned by the file, and
 * it touches nothing else.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Bring the control plane's store to what a configuration file declares: the"
        + " plan is shown first, then applied to the objects the file owns (and only those).",
        "Exit code 0: applied (or nothing to do); 1: a change was refused or the store failed;"
            + " 2: a usage problem, or not confirmed."})
public final class ApplyCommand extends DeclarativeCommand {

  /** Who applies a file from the command line: the local administrator, as the file. */
  static final Actor ACTOR = new Actor("local", Role.ADMIN, Surface.FILE);

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "The declarative file (a serve configuration).")
  private Path file = Path.of("mcpgate.yaml");

  @Option(names = "--auto-approve",
      description = "Apply without asking (for CI); without it, apply asks on a terminal and"
          + " refuses elsewhere.")
  private boolean autoApprove;

  @Option(names = "--dry-run", description = "Show the plan; change nothing.")
  private boolean dryRun;

  /** Creates the command; picocli fills in its options. */
  public ApplyCommand() {}

  @Override
  Path file() {
    return file;
  }

  @Override
  int run(StoreAccess access, PrintWriter out, PrintWriter err, boolean json) {
    Planned planned = plan(file, access);
    BaselinePlan plan = planned.plan();
    if (!json) {
      planned.lines().forEach(out::println);
    }
    if (plan.empty() || dryRun) {
      if (json) {
        Map<String, Object> document = planned.document();
        document.put("applied", 0);
        out.println(JSON.writeValueAsString(document));
      } else {
        out.println(plan.empty() ? "nothing to change" : "dry run: " + plan.changes().size()
            + " changes, none applied");
      }
      return 0;
    }
    if (!autoApprove) {
      Console console = System.console();
      if (console == null) {
        err.println("mcpgate: not a terminal, so apply cannot ask: pass --auto-approve to"
            + " apply these changes, or --dry-run to only show them");
        return 2;
      }
      out.flush();
      String answer = console.readLine("Apply these %d changes to %s? Only 'yes' applies: ",
          plan.changes().size(), access.settings().label());
      if (!"yes".equals(answer == null ? null : answer.strip())) {
        err.println("mcpgate: not applied");
        return 2;
      }
    }
    BaselinePlan.Result result = plan.apply(ACTOR);
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>(planned.document());
      document.put("applied", result.applied());
      document.put("problems", result.problems());
      out.println(JSON.writeValueAsString(document));
    } else {
      result.problems().forEach(problem -> err.println("mcpgate: refused: " + problem));
      out.println("applied " + result.applied() + " changes to " + access.settings().label()
          + (result.problems().isEmpty() ? "" : "; " + result.problems().size() + " refused"));
    }
    return result.problems().isEmpty() ? 0 : 1;
  }
}
