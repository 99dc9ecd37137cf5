package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.control.Command.CreateOperator;
import dev.mcpgate.control.Command.RevokeOperator;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Operator;
import dev.mcpgate.control.Role;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate operators create|list|revoke}: the people and automations that may change the
 * control plane through its surfaces. A token is printed once, when created; the store keeps
 * its hash.
 */
@Command(
    name = "operators",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke the control plane's operators.",
    subcommands = {
      OperatorsCommand.Create.class, OperatorsCommand.ListAll.class, OperatorsCommand.Revoke.class
    })
public final class OperatorsCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public OperatorsCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static String line(Operator operator) {
    return String.format(Locale.ROOT, "%-24s %-9s %-8s revision %d", operator.name(),
        operator.role().name().toLowerCase(Locale.ROOT),
        operator.revoked() ? "revoked" : "active", operator.meta().revision());
  }

  /** {@code mcpgate operators create NAME --role ROLE}: prints the token once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an operator and print its token, the only time it is shown.")
  public static final class Create extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name.")
    private String name = "";

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "viewer, operator, approver or admin.")
    private Role role = Role.VIEWER;

    /** Creates the command; picocli fills in its options. */
    public Create() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.outcome(control.apply(ACTOR, new CreateOperator(name, role)),
          issued -> List.of(line(issued.operator()),
              "token (shown once; the store keeps only its hash): " + issued.token()));
    }
  }

  /** {@code mcpgate operators list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the operators, revoked ones included.")
  public static final class ListAll extends StoreCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.show(control.operators(), operators -> operators.isEmpty()
          ? List.of("no operators")
          : operators.stream().map(OperatorsCommand::line).toList());
    }
  }

  /** {@code mcpgate operators revoke NAME}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke an operator: its token no longer authenticates.")
  public static final class Revoke extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name.")
    private String name = "";

    /** Creates the command; picocli fills in its options. */
    public Revoke() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long revision = control.operators().stream().filter(o -> o.name().equals(name))
          .mapToLong(o -> o.meta().revision()).findFirst().orElse(1);
      return output.outcome(control.apply(ACTOR, new RevokeOperator(name, revision)),
          operator -> List.of(line(operator)));
    }
  }
}
