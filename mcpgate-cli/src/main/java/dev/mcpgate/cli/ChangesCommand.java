package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import dev.mcpgate.control.ObjectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code mcpgate changes}: the control plane's change log, newest first: who changed which
 * object through which surface, its revision before and after, and what changed. A page at a
 * time; where the next page starts is printed on stderr.
 */
@Command(name = "changes", mixinStandardHelpOptions = true,
    description = "Show the change log, newest first.")
@ApiOperation("listChanges")
public final class ChangesCommand extends AdminCommand {

  @Option(names = "--limit", paramLabel = "N", description = "How many, 1 to 1000 (default 50).")
  private int limit = 50;

  @Option(names = "--cursor", paramLabel = "CURSOR",
      description = "Where to continue: the cursor a previous page printed.")
  private @Nullable String cursor;

  @Option(names = "--from", paramLabel = "TIME",
      description = "Only changes at or after this time (RFC 3339).")
  private @Nullable String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Only changes before this time.")
  private @Nullable String to;

  @Option(names = "--kind", paramLabel = "KIND",
      description = "Only this kind of object: source, revision, review, selection, binding,"
          + " client, profile, key, rule, limit, operator.")
  private @Nullable ObjectKind kind;

  @Option(names = "--object", paramLabel = "ID", description = "Only this object.")
  private @Nullable String objectId;

  @Option(names = "--actor", paramLabel = "ID", description = "Only this actor's changes.")
  private @Nullable String actor;

  /** Creates the command; picocli fills in its options. */
  public ChangesCommand() {}

  @Override
  int run(Session session) {
    Map<String, @Nullable String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(limit));
    query.put("cursor", cursor);
    query.put("from", from);
    query.put("to", to);
    query.put("kind", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
    query.put("objectId", objectId);
    query.put("actor", actor);
    return page(session, AdminRequest.get("listChanges", "/changes").withQuery(query),
        Session::changeLine, "no changes");
  }

  /** Prints one page of a log, and where the next one starts. */
  static int page(Session session, AdminRequest request,
      java.util.function.Function<JsonNode, String> line, String empty) {
    JsonNode page = session.read(request);
    List<JsonNode> items = new ArrayList<>();
    page.path("items").forEach(items::add);
    int code = session.showAll(items, line, empty);
    if (page.path("nextCursor").isString()) {
      session.note("more: --cursor " + page.path("nextCursor").asString());
    }
    return code;
  }
}
