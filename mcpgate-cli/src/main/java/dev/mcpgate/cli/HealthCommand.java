package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpgate health [--ready]}: whether the control plane answers, and the sequence of the
 * last change it applied. Exit code 0 when healthy (ready), 1 otherwise.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Show whether the control plane answers (or is ready, with --ready) and the"
        + " sequence of its last change.")
@ApiOperation({"getHealth", "getReady"})
public final class HealthCommand extends AdminCommand {

  @Option(names = "--ready", description = "Ask for readiness rather than liveness.")
  private boolean ready;

  /** Creates the command; picocli fills in its options. */
  public HealthCommand() {}

  @Override
  int run(Session session) {
    AdminRequest request = ready ? AdminRequest.get("getReady", "/ready")
        : AdminRequest.get("getHealth", "/health");
    return session.show(session.read(request), health -> List.of(health.path("status").asString()
        + (health.path("ready").asBoolean() ? ", ready" : ", not ready") + ", change "
        + health.path("sequence").asLong()));
  }
}
