package dev.mcpgate.cli;

import dev.mcpgate.api.Secret;
import dev.mcpgate.cli.internal.AdminAnswer;
import dev.mcpgate.cli.internal.AdminRequest;
import dev.mcpgate.cli.internal.ApiBackend;
import dev.mcpgate.cli.internal.Logins;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate login}: checks a token against a running server's admin API and saves the URL
 * and the token, under a name, in a file only the user can read; the control-plane commands
 * then use it without {@code --admin-url} and {@code --token}. The token is read from {@code
 * --token-stdin}, {@code MCPGATE_TOKEN} or a prompt that does not echo, and never printed.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = {
      "Check a token against a running server's admin API and save it for the control-plane"
          + " commands, in a file only you can read. The token is never printed.",
      "Exit code 0 when saved; 1 when the server refuses the token or cannot be reached;"
          + " 2 for a usage error."
    })
public final class LoginCommand implements Callable<Integer> {

  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--admin-url", paramLabel = "URL",
      description = "The admin API's mount point, such as http://127.0.0.1:8081/admin"
          + " (default: $MCPGATE_ADMIN_URL).")
  private @Nullable String adminUrl;

  @Option(names = "--token-stdin",
      description = "Read the token from the first line of standard input.")
  private boolean tokenStdin;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Save the login under this name (default: default); use it with --login.")
  private String name = Logins.DEFAULT;

  /** Creates the command; picocli fills in its options. */
  public LoginCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
    PrintWriter err = spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
    Function<String, @Nullable String> environment = spec != null
        && spec.root().userObject() instanceof McpgateCommand root ? root.environment()
        : System::getenv;
    String url = adminUrl != null ? adminUrl : environment.apply("MCPGATE_ADMIN_URL");
    if (url == null || url.isBlank()) {
      err.println("mcpgate: login needs --admin-url (or MCPGATE_ADMIN_URL)");
      err.flush();
      return 2;
    }
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      err.println("mcpgate: --name must be 1 to 64 letters, digits, '.', '_' or '-'");
      err.flush();
      return 2;
    }
    try {
      Secret token = token(environment, err);
      if (token == null) {
        err.println("mcpgate: no token: pass --token-stdin, set MCPGATE_TOKEN, or run login"
            + " in a terminal to be asked for it");
        err.flush();
        return 2;
      }
      ApiBackend server = ApiBackend.of(url, token);
      AdminAnswer answer = server.send(AdminRequest.get("listRoles", "/roles"));
      if (answer instanceof AdminAnswer.Problem problem) {
        return Session.report(problem, out, err, false, "");
      }
      Logins logins = Logins.in(environment);
      logins.save(name, new Logins.Login(url, token));
      out.println("logged in to " + server.target() + "; saved as " + name + " in "
          + logins.file() + " (readable by you only)");
      if (server.cleartextOffHost()) {
        out.println("warning: the token crosses the network in clear (plain http to a host"
            + " that is not loopback); use https");
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 2;
    } catch (UncheckedIOException | IllegalStateException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private @Nullable Secret token(Function<String, @Nullable String> environment,
      PrintWriter err) {
    if (tokenStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8)).readLine();
        return line == null || line.isBlank() ? null : Secret.of(line.strip());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the token from standard input", e);
      }
    }
    String fromEnvironment = environment.apply("MCPGATE_TOKEN");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Secret.of(fromEnvironment.strip());
    }
    Console console = System.console();
    if (console == null) {
      return null;
    }
    char[] typed = console.readPassword("operator token: ");
    if (typed == null || typed.length == 0) {
      return null;
    }
    try {
      return Secret.of(new String(typed).strip());
    } finally {
      java.util.Arrays.fill(typed, ' ');
    }
  }
}
