package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import dev.mcpgate.control.Role;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpgate operators ...}: the people and automations that may change the control plane
 * through its surfaces, and the roles they hold. A token is printed once, when created; the
 * store keeps its hash.
 */
@Command(
    name = "operators",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke the control plane's operators; list the roles.",
    subcommands = {
      OperatorsCommand.ListAll.class, OperatorsCommand.Show.class, OperatorsCommand.Create.class,
      OperatorsCommand.Revoke.class, OperatorsCommand.Roles.class
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

  static AdminRequest get(String name) {
    return AdminRequest.get("getOperator", "/operators/{operator}", "operator", name);
  }

  static String line(JsonNode operator) {
    return String.format(Locale.ROOT, "%-24s %-9s %-8s revision %d",
        operator.path("name").asString(), operator.path("role").asString().toLowerCase(Locale.ROOT),
        operator.path("revoked").asBoolean() ? "revoked" : "active",
        operator.at("/meta/revision").asLong());
  }

  /** {@code mcpgate operators list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the operators, revoked ones included.")
  @ApiOperation("listOperators")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listOperators", "/operators")),
          OperatorsCommand::line, "no operators");
    }
  }

  /** {@code mcpgate operators show NAME}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an operator.")
  @ApiOperation("getOperator")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name.")
    private String name = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      return session.show(session.read(get(name)), o -> List.of(line(o)));
    }
  }

  /** {@code mcpgate operators create NAME --role ROLE}: prints the token once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an operator and print its token, the only time it is shown"
          + " (role admin).")
  @ApiOperation("createOperator")
  public static final class Create extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name.")
    private String name = "";

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "viewer, operator, approver or admin.")
    private Role role = Role.VIEWER;

    /** Creates the command; picocli fills in its options. */
    public Create() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("name", name);
      body.put("role", role.name().toLowerCase(Locale.ROOT));
      return session.change(AdminRequest.change("createOperator", "POST", "/operators", body),
          null, issued -> List.of(line(issued.path("operator")),
              "token (shown once; the store keeps only its hash): "
                  + issued.path("token").asString()));
    }
  }

  /** {@code mcpgate operators revoke NAME}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke an operator: its token no longer authenticates (role admin).")
  @ApiOperation("revokeOperator")
  public static final class Revoke extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The operator's name.")
    private String name = "";

    /** Creates the command; picocli fills in its options. */
    public Revoke() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("revokeOperator", "POST",
              "/operators/{operator}/revoke", null, "operator", name),
          session.expect(get(name)), o -> List.of(line(o)));
    }
  }

  /** {@code mcpgate operators roles}. */
  @Command(name = "roles", mixinStandardHelpOptions = true,
      description = "List the roles, what each includes and what it may do.")
  @ApiOperation("listRoles")
  public static final class Roles extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public Roles() {}

    @Override
    int run(Session session) {
      List<JsonNode> roles = new java.util.ArrayList<>();
      session.read(AdminRequest.get("listRoles", "/roles")).path("items").forEach(roles::add);
      return session.showAll(roles, role -> String.format(Locale.ROOT, "%-9s includes %-32s %s",
          role.path("role").asString(), SourcesCommand.join(role.path("includes"), ", "),
          role.path("may").asString()), "no roles");
    }
  }
}
