package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.Logins;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mcpgate logout}: forgets a login {@code mcpgate login} saved. */
@Command(name = "logout", mixinStandardHelpOptions = true,
    description = "Forget a saved login. Exit code 0 when forgotten, 1 when there was none.")
public final class LogoutCommand implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--name", paramLabel = "NAME", description = "Which (default: default).")
  private String name = Logins.DEFAULT;

  /** Creates the command; picocli fills in its options. */
  public LogoutCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
    PrintWriter err = spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
    Logins logins = Logins.in(spec != null
        && spec.root().userObject() instanceof McpgateCommand root ? root.environment()
        : System::getenv);
    try {
      if (logins.remove(name)) {
        out.println("forgot login " + name + " (" + logins.file() + ")");
        out.flush();
        return 0;
      }
      err.println("mcpgate: no login named " + name);
      err.flush();
      return 1;
    } catch (UncheckedIOException | IllegalStateException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
