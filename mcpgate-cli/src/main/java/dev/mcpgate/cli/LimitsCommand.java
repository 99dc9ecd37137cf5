package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
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
 * {@code mcpgate limits ...}: rate limits per client, profile or tool: a capacity of calls per
 * period.
 */
@Command(
    name = "limits",
    mixinStandardHelpOptions = true,
    description = "Create, list and delete rate limits.",
    subcommands = {
      LimitsCommand.ListAll.class, LimitsCommand.Show.class, LimitsCommand.Put.class,
      LimitsCommand.Delete.class
    })
public final class LimitsCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public LimitsCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static AdminRequest get(String id) {
    return AdminRequest.get("getLimit", "/limits/{limit}", "limit", id);
  }

  static String line(JsonNode limit) {
    JsonNode d = limit.path("definition");
    return String.format(Locale.ROOT, "%-24s %-16s %-24s %d per %s, revision %d",
        d.path("id").asString(), d.path("scope").asString().toLowerCase(Locale.ROOT),
        d.path("target").asString(), d.path("capacity").asLong(), d.path("period").asString(),
        limit.at("/meta/revision").asLong());
  }

  /** {@code mcpgate limits list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the limits.")
  @ApiOperation("listLimits")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listLimits", "/limits")),
          LimitsCommand::line, "no limits");
    }
  }

  /** {@code mcpgate limits show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a limit.")
  @ApiOperation("getLimit")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The limit's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      return session.show(session.read(get(id)), l -> List.of(line(l)));
    }
  }

  /** {@code mcpgate limits put ID --scope S --target T --capacity N --period P}. */
  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Create a limit, or replace it.")
  @ApiOperation("putLimit")
  public static final class Put extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The limit's id.")
    private String id = "";

    @Option(names = "--scope", required = true,
        paramLabel = "client|profile|tool|each_caller|each_caller_tool",
        description = "What the limit counts calls of: one bucket for a client, a profile or a"
            + " tool (all its callers together); or a bucket per caller (each_caller: over all"
            + " tools; each_caller_tool: for one tool), as the file's limits.rate counts.")
    private String scope = "";

    @Option(names = "--target", paramLabel = "TARGET",
        description = "Which client, profile (client/profile) or tool; * (the default) for"
            + " each_caller.")
    private @Nullable String target;

    @Option(names = "--capacity", required = true, paramLabel = "N",
        description = "How many calls per period.")
    private long capacity;

    @Option(names = "--period", required = true, paramLabel = "DURATION",
        description = "The period, an ISO-8601 duration such as PT1M.")
    private String period = "";

    /** Creates the command; picocli fills in its options. */
    public Put() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("scope", scope.toLowerCase(Locale.ROOT));
      if (target != null) {
        body.put("target", target);
      }
      body.put("capacity", capacity);
      body.put("period", period);
      return session.change(AdminRequest.change("putLimit", "PUT", "/limits/{limit}", body,
          "limit", id), session.expectIfExists(get(id)), l -> List.of(line(l)));
    }
  }

  /** {@code mcpgate limits delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a limit.")
  @ApiOperation("deleteLimit")
  public static final class Delete extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The limit's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Delete() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("deleteLimit", "DELETE", "/limits/{limit}",
          null, "limit", id), session.expect(get(id)), l -> List.of());
    }
  }
}
