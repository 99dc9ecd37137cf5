package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpgate catalog --env ENV}: the effective tool catalog of an environment: the tools of
 * the revisions published there, narrowed by each source's selection, before any caller's
 * policy.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = "List the tools an environment serves (before policy).")
@ApiOperation("listTools")
public final class CatalogCommand extends AdminCommand {

  @Option(names = "--env", required = true, paramLabel = "ENV",
      description = "The environment, such as production.")
  private String environment = "";

  /** Creates the command; picocli fills in its options. */
  public CatalogCommand() {}

  @Override
  int run(Session session) {
    List<JsonNode> tools = new ArrayList<>(session.all(AdminRequest.get("listTools",
        "/environments/{environment}/tools", "environment", environment)));
    return session.showAll(tools, tool -> String.format(Locale.ROOT, "%-32s %-16s %-7s %-32s %s",
        tool.path("name").asString(), tool.path("source").asString(""),
        tool.path("method").asString(""), tool.path("path").asString(""),
        tool.path("readOnly").asBoolean() ? "read-only"
            : tool.path("destructive").asBoolean() ? "destructive" : "write"),
        "no tools in " + environment);
  }
}
