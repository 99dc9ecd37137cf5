package dev.mcpgate.cli;

import dev.mcpgate.api.Secret;
import dev.mcpgate.cli.internal.AdminBackend;
import dev.mcpgate.cli.internal.ApiBackend;
import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.Logins;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.cli.internal.StoreBackend;
import dev.mcpgate.control.ControlStoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every control-plane command shares: where it sends its operations and how it prints.
 *
 * <p>Where: a running server's admin API ({@code --admin-url} or {@code MCPGATE_ADMIN_URL}, with
 * {@code --token}, {@code MCPGATE_TOKEN} or the token {@code mcpgate login} saved for that URL;
 * or a saved login by name, {@code --login}), changes recorded with surface {@code api}; or the
 * store directly ({@code --config}, the serve configuration whose {@code store} section names
 * it), changes recorded as the local administrator with surface {@code cli}. {@code --config}
 * wins when given; without any of these, a login saved as {@code default}, else {@code
 * mcpgate.yaml}.
 *
 * <p>How: {@code --output table} (default) or {@code json} (the admin API's JSON). Exit codes:
 * 0 done; 1 refused or failed (not found, conflict, stale revision, forbidden, unreachable);
 * 2 the command line or the configuration is not usable (including a value the API refuses as
 * invalid).
 */
abstract class AdminCommand implements Callable<Integer> {

  /** How a command prints. */
  enum Format {
    /** Lines for a person. */
    TABLE,
    /** The admin API's JSON. */
    JSON,
    /** The same as {@link #TABLE}, accepted as its older name. */
    TEXT
  }

  @Spec private @Nullable CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Work on the store directly: the serve configuration whose store section"
          + " names it (default when no server is named: mcpgate.yaml).")
  private @Nullable Path config;

  @Option(names = "--admin-url", paramLabel = "URL",
      description = "Talk to a running server's admin API, such as"
          + " http://127.0.0.1:8081/admin (default: $MCPGATE_ADMIN_URL).")
  private @Nullable String adminUrl;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The operator token or OIDC bearer token (default: $MCPGATE_TOKEN, then the"
          + " token mcpgate login saved). Prefer those: a command line is visible to others.")
  private @Nullable String token;

  @Option(names = "--login", paramLabel = "NAME",
      description = "Use the login mcpgate login saved under this name (default: default).")
  private @Nullable String login;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "table (default) or json.")
  private Format output = Format.TABLE;

  @Override
  public final Integer call() {
    PrintWriter out = spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
    PrintWriter err = spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
    Function<String, @Nullable String> environment = environment();
    try (AdminBackend backend = open(environment, err)) {
      Session session = new Session(backend, out, err, output == Format.JSON, dryRun(),
          ifMatch());
      return run(session);
    } catch (Session.Failed failed) {
      return Session.report(failed.problem(), out, err, output == Format.JSON,
          failed.problem().status() == 401 ? " (pass --token, set MCPGATE_TOKEN or run mcpgate"
              + " login)" : "");
    } catch (ConfigException e) {
      err.println("mcpgate: " + e.getMessage() + ":");
      e.problems().forEach(problem -> err.println("  " + problem));
      err.flush();
      return ServeCommand.CONFIG_ERROR;
    } catch (IllegalArgumentException e) {
      // A value the control plane's records refuse, or a bad option: a usage error. Their
      // messages never quote a value that could be a secret.
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 2;
    } catch (ControlStoreException | UncheckedIOException | IllegalStateException e) {
      err.println("mcpgate: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /**
   * Runs the command.
   *
   * @param session the back end and the output
   * @return the exit code
   */
  abstract int run(Session session);

  /** Whether the command previews only; change commands override. */
  boolean dryRun() {
    return false;
  }

  /** The revision the command expects; change commands override. */
  @Nullable Long ifMatch() {
    return null;
  }

  private Function<String, @Nullable String> environment() {
    if (spec != null && spec.root().userObject() instanceof McpgateCommand root) {
      return root.environment();
    }
    return System::getenv;
  }

  private AdminBackend open(Function<String, @Nullable String> environment, PrintWriter err) {
    if (config != null && adminUrl != null) {
      throw usage("--config and --admin-url name two places: choose one");
    }
    if (config == null) {
      Optional<ApiBackend> server = server(environment);
      if (server.isPresent()) {
        if (server.get().cleartextOffHost()) {
          err.println("mcpgate: warning: the token crosses the network in clear (plain http to"
              + " a host that is not loopback); use https");
          err.flush();
        }
        return server.get();
      }
    }
    Path file = config == null ? Path.of("mcpgate.yaml") : config;
    ServeConfig loaded = ConfigLoader.load(file);
    StoreAccess access = StoreAccess.open(loaded, environment, file.toString());
    return new StoreBackend(access, access.control(), file.toString(), loaded.policy());
  }

  /** The server named by the options, the environment or a saved login, if any. */
  private Optional<ApiBackend> server(Function<String, @Nullable String> environment) {
    String url = adminUrl != null ? adminUrl : blankToNull(environment.apply("MCPGATE_ADMIN_URL"));
    String given = token != null ? token : blankToNull(environment.apply("MCPGATE_TOKEN"));
    Logins logins = Logins.in(environment);
    String name = login != null ? login
        : Optional.ofNullable(blankToNull(environment.apply("MCPGATE_LOGIN")))
            .orElse(Logins.DEFAULT);
    if (url == null) {
      Optional<Logins.Login> saved = logins.find(name);
      if (saved.isEmpty()) {
        if (login != null) {
          throw usage("no login named " + login + " (mcpgate login --name " + login + " saves"
              + " one)");
        }
        return Optional.empty();
      }
      return Optional.of(ApiBackend.of(saved.get().adminUrl(),
          given != null ? Secret.of(given) : saved.get().token()));
    }
    Secret secret = given != null ? Secret.of(given) : (login != null
        ? logins.find(login).map(Logins.Login::token)
        : logins.forUrl(url).map(Logins.Login::token)).orElse(null);
    return Optional.of(ApiBackend.of(url, secret));
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * A usage error: printed, exit code 2.
   *
   * @param message what is wrong
   * @return the exception to throw
   */
  static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(message);
  }
}
