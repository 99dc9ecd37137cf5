package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpgate audit}: the data plane's audit events in the store, newest first: every
 * {@code tools/call}, listing and refused authentication, with the caller, the tool and the
 * outcome. A page at a time; where the next page starts is printed on stderr.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Show the data plane's audit events, newest first.")
@ApiOperation("listAudit")
public final class AuditCommand extends AdminCommand {

  @Option(names = "--limit", paramLabel = "N", description = "How many, 1 to 1000 (default 50).")
  private int limit = 50;

  @Option(names = "--cursor", paramLabel = "CURSOR",
      description = "Where to continue: the cursor a previous page printed.")
  private @Nullable String cursor;

  @Option(names = "--from", paramLabel = "TIME",
      description = "Only events at or after this time (RFC 3339).")
  private @Nullable String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Only events before this time.")
  private @Nullable String to;

  @Option(names = "--client", paramLabel = "ID", description = "Only this client's events.")
  private @Nullable String client;

  @Option(names = "--tool", paramLabel = "TOOL", description = "Only calls of this tool.")
  private @Nullable String tool;

  @Option(names = "--outcome", paramLabel = "OUTCOME",
      description = "Only this outcome, such as ok, denied or error.")
  private @Nullable String outcome;

  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source's tools.")
  private @Nullable String source;

  /** Creates the command; picocli fills in its options. */
  public AuditCommand() {}

  @Override
  int run(Session session) {
    Map<String, @Nullable String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(limit));
    query.put("cursor", cursor);
    query.put("from", from);
    query.put("to", to);
    query.put("clientId", client);
    query.put("tool", tool);
    query.put("outcome", outcome);
    query.put("source", source);
    return ChangesCommand.page(session, AdminRequest.get("listAudit", "/audit").withQuery(query),
        AuditCommand::line, "no audit events");
  }

  static String line(JsonNode event) {
    JsonNode caller = event.path("caller");
    return String.format(Locale.ROOT, "%s %-10s %-16s %-24s %-8s %s",
        event.path("time").asString(), event.path("method").asString(),
        caller.path("clientId").asString(caller.path("subject").asString("-")),
        event.path("tool").asString("-"), event.path("outcome").asString("-"),
        event.path("requestId").asString(""));
  }
}
