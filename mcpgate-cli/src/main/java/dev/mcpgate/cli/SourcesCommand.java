package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * {@code mcpgate sources ...}: the review workflow from the command line. Import a description
 * as a new revision pending review, read its evidence and diff, approve or reject it, publish it
 * to an environment (or withdraw the source from one), and choose which of its operations are
 * served.
 */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Import, review, approve, publish and narrow the control plane's sources.",
    subcommands = {
      SourcesCommand.ListAll.class, SourcesCommand.Show.class, SourcesCommand.Update.class,
      SourcesCommand.Import.class, SourcesCommand.Revisions.class, SourcesCommand.Revision.class,
      SourcesCommand.ShowReview.class, SourcesCommand.Diff.class, SourcesCommand.Approve.class,
      SourcesCommand.Reject.class, SourcesCommand.Publish.class, SourcesCommand.Withdraw.class,
      SourcesCommand.Selection.class, SourcesCommand.Select.class, SourcesCommand.Unselect.class
    })
public final class SourcesCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public SourcesCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static AdminRequest getSource(String source) {
    return AdminRequest.get("getSource", "/sources/{source}", "source", source);
  }

  static AdminRequest getReview(String source, int number) {
    return AdminRequest.get("getReview", "/sources/{source}/revisions/{number}/review",
        "source", source, "number", Integer.toString(number));
  }

  static String line(JsonNode source) {
    List<String> published = new ArrayList<>();
    source.path("published").properties()
        .forEach(e -> published.add(e.getKey() + "@" + e.getValue().asInt()));
    return String.format(Locale.ROOT, "%-24s revisions %d, published %s%s%s, revision %d",
        source.at("/meta/id").asString(), source.path("latestRevision").asInt(),
        published.isEmpty() ? "nowhere" : String.join(", ", published),
        source.path("sandboxFirst").asBoolean() ? ", sandbox first" : "",
        source.path("title").isString() ? ", title " + source.path("title").asString() : "",
        source.at("/meta/revision").asLong());
  }

  static String revisionLine(JsonNode revision) {
    JsonNode summary = revision.path("summary");
    String settings = settingsText(revision.path("settings"));
    return String.format(Locale.ROOT, "revision %s: %s %s, %d tools, %d warnings, sha256 %s,"
        + " from %s%s", revision.at("/meta/id").asString(), summary.path("format").asString(),
        summary.path("formatVersion").asString(), summary.path("tools").asInt(),
        summary.path("warnings").asInt(), revision.path("sha256").asString(),
        revision.path("location").asString(), settings.isEmpty() ? "" : "; " + settings);
  }

  /** A revision's import settings that differ from the defaults, as the change log says them. */
  static String settingsText(JsonNode settings) {
    List<String> parts = new ArrayList<>();
    for (String name : List.of("baseUrl", "toolPrefix")) {
      if (settings.path(name).isString()) {
        parts.add(name + " " + settings.path(name).asString());
      }
    }
    if (settings.path("operations").isArray()) {
      parts.add("operations " + join(settings.path("operations"), ","));
    }
    String mode = settings.path("outputSchemas").asString("LENIENT");
    if (!mode.equalsIgnoreCase("lenient")) {
      parts.add("outputSchemas " + mode.toLowerCase(Locale.ROOT));
    }
    for (String name : List.of("credentialParameters", "inputParameters")) {
      if (!settings.path(name).isEmpty()) {
        parts.add(name + " " + join(settings.path(name), ","));
      }
    }
    if (settings.path("binding").isString()) {
      parts.add("binding " + settings.path("binding").asString());
    }
    return String.join(", ", parts);
  }

  /** The review's evidence as a person reads it, diff last. */
  static List<String> reviewLines(JsonNode review) {
    List<String> lines = new ArrayList<>();
    lines.add("review " + review.at("/meta/id").asString() + ": "
        + review.path("status").asString().toLowerCase(Locale.ROOT)
        + (review.path("decidedBy").isString() ? " by " + review.path("decidedBy").asString()
            + " at " + review.path("decidedAt").asString() : "")
        + (review.path("note").isString() ? " (" + review.path("note").asString() + ")" : "")
        + ", revision " + review.at("/meta/revision").asLong());
    JsonNode evidence = review.path("evidence");
    lines.add("operations (" + evidence.path("operations").size() + "):");
    for (JsonNode operation : evidence.path("operations")) {
      lines.add(String.format(Locale.ROOT, "  %-32s %-7s %-40s %-11s %s",
          operation.path("tool").asString(), operation.path("method").asString(),
          operation.path("path").asString(),
          operation.path("risk").asString().toLowerCase(Locale.ROOT),
          operation.path("auth").isEmpty() ? "no auth" : join(operation.path("auth"), ", ")));
    }
    lines.add("auth: " + (evidence.path("auth").isEmpty() ? "none"
        : join(evidence.path("auth"), "; ")));
    lines.add("hosts: " + (evidence.path("hosts").isEmpty() ? "none"
        : join(evidence.path("hosts"), ", ")));
    evidence.path("warnings").forEach(warning -> lines.add("warning: " + warning.asString()));
    lines.addAll(diffLines(evidence.path("diff")));
    return lines;
  }

  static List<String> diffLines(JsonNode diff) {
    List<String> lines = new ArrayList<>();
    if (diff.path("base").asInt() == 0) {
      lines.add("diff: no approved revision to compare with");
      return lines;
    }
    lines.add("diff against revision " + diff.path("base").asInt() + ":");
    lines.add("  operations added: " + list(diff.path("added")));
    lines.add("  operations removed: " + list(diff.path("removed")));
    lines.add("  operations changed: " + list(diff.path("changed")));
    lines.add("  descriptions changed: " + list(diff.path("redescribed")));
    lines.add("  write operations changed: "
        + (diff.path("writesChanged").asBoolean() ? "yes" : "no"));
    lines.add("  auth added: " + list(diff.path("authAdded")) + "; removed: "
        + list(diff.path("authRemoved")));
    lines.add("  hosts added: " + list(diff.path("hostsAdded")) + "; removed: "
        + list(diff.path("hostsRemoved")));
    return lines;
  }

  static String join(JsonNode values, String separator) {
    List<String> all = new ArrayList<>();
    values.forEach(value -> all.add(value.asString()));
    return String.join(separator, all);
  }

  private static String list(JsonNode values) {
    return values.isEmpty() ? "none" : join(values, ", ");
  }

  /** The revision named, or the source's newest. */
  static int revision(Session session, String source, @Nullable Integer number) {
    if (number != null) {
      return number;
    }
    return session.read(getSource(source)).path("latestRevision").asInt();
  }

  /** {@code mcpgate sources list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the sources with their revisions and where each is published.")
  @ApiOperation("listSources")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listSources", "/sources")),
          SourcesCommand::line, "no sources");
    }
  }

  /** {@code mcpgate sources show SOURCE}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a source.")
  @ApiOperation("getSource")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      JsonNode found = session.read(getSource(source));
      int latest = found.path("latestRevision").asInt();
      return session.show(found, s -> {
        List<String> lines = new ArrayList<>(List.of(line(s)));
        if (latest > 0) {
          // The newest revision, with the settings it is imported with.
          lines.add(revisionLine(session.read(AdminRequest.get("getRevision",
              "/sources/{source}/revisions/{number}", "source", source, "number",
              Integer.toString(latest)))));
        }
        return lines;
      });
    }
  }

  /** {@code mcpgate sources update SOURCE [--title T] [--sandbox-first B]}. */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a source's title or whether it must be published to sandbox first.")
  @ApiOperation("updateSource")
  public static final class Update extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--title", paramLabel = "TITLE", description = "Its title.")
    private @Nullable String title;

    @Option(names = "--sandbox-first", paramLabel = "true|false", arity = "1",
        description = "Whether a revision must be published to sandbox before production.")
    private @Nullable Boolean sandboxFirst;

    /** Creates the command; picocli fills in its options. */
    public Update() {}

    @Override
    int run(Session session) {
      JsonNode current = session.read(getSource(source));
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("title", title != null ? title
          : current.path("title").isString() ? current.path("title").asString() : null);
      body.put("sandboxFirst", sandboxFirst != null ? sandboxFirst
          : current.path("sandboxFirst").asBoolean());
      return session.change(AdminRequest.change("updateSource", "PUT", "/sources/{source}", body,
          "source", source), session.expect(getSource(source)), s -> List.of(line(s)));
    }
  }

  /** {@code mcpgate sources import SOURCE FILE|URL}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import a description (a file, uploaded; or an http(s) URL the control plane"
          + " fetches) as a new revision of a source, pending review, with its import settings"
          + " (base URL, tool prefix, operations, output schemas, parameters, binding); prints"
          + " the review's evidence and diff.")
  @ApiOperation("importRevision")
  public static final class Import extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Parameters(index = "1", paramLabel = "FILE|URL", description = "The description.")
    private String location = "";

    @Option(names = "--base-url", paramLabel = "URL",
        description = "The upstream base URL replacing the description's servers.")
    private @Nullable String baseUrl;

    @Option(names = "--tool-prefix", paramLabel = "PREFIX",
        description = "A prefix for the tool names (1 to 16 of A-Z a-z 0-9 _ -).")
    private @Nullable String toolPrefix;

    @Option(names = "--operation", paramLabel = "ID",
        description = "Import only this operation id, deprecated or not (repeatable).")
    private List<String> operations = new ArrayList<>();

    @Option(names = "--output-schemas", paramLabel = "strict|lenient|none",
        description = "How the tools advertise and enforce output schemas (default lenient).")
    private @Nullable String outputSchemas;

    @Option(names = "--credential-parameter", paramLabel = "[in:]NAME",
        description = "A parameter to treat as a credential (repeatable).")
    private List<String> credentialParameters = new ArrayList<>();

    @Option(names = "--input-parameter", paramLabel = "[in:]NAME",
        description = "A parameter to keep as a business input (repeatable).")
    private List<String> inputParameters = new ArrayList<>();

    @Option(names = "--binding", paramLabel = "ID", description = "The credential binding the"
        + " tools call upstream with (default: the one named like the source).")
    private @Nullable String binding;

    /** Creates the command; picocli fills in its options. */
    public Import() {}

    /** The import settings as the API's query parameters; those not given are left out. */
    private Map<String, @Nullable String> settings() {
      Map<String, @Nullable String> query = new java.util.LinkedHashMap<>();
      query.put("baseUrl", baseUrl);
      query.put("toolPrefix", toolPrefix);
      query.put("operations", operations.isEmpty() ? null : String.join(",", operations));
      query.put("outputSchemas", outputSchemas);
      query.put("credentialParameters",
          credentialParameters.isEmpty() ? null : String.join(",", credentialParameters));
      query.put("inputParameters",
          inputParameters.isEmpty() ? null : String.join(",", inputParameters));
      query.put("binding", binding);
      return query;
    }

    @Override
    int run(Session session) {
      AdminRequest request;
      String lower = location.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("url", location);
        request = AdminRequest.change("importRevision", "POST", "/sources/{source}/revisions",
            body, "source", source).withQuery(settings());
      } else {
        Path file = Path.of(location);
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (IOException e) {
          throw usage("cannot read " + location + ": " + e.getClass().getSimpleName()
              .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
              .toLowerCase(Locale.ROOT));
        }
        request = AdminRequest.change("importRevision", "POST", "/sources/{source}/revisions",
            null, "source", source).withUpload(bytes)
            .withQuery(Map.of("filename", file.getFileName().toString()))
            .withQuery(settings());
      }
      return session.change(request, null, revision -> {
        List<String> lines = new ArrayList<>(List.of(revisionLine(revision)));
        lines.addAll(reviewLines(session.read(getReview(source,
            revision.path("number").asInt()))));
        return lines;
      });
    }
  }

  /** {@code mcpgate sources revisions SOURCE}. */
  @Command(name = "revisions", mixinStandardHelpOptions = true,
      description = "List a source's revisions, oldest first.")
  @ApiOperation("listRevisions")
  public static final class Revisions extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    /** Creates the command; picocli fills in its options. */
    public Revisions() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listRevisions",
          "/sources/{source}/revisions", "source", source)), SourcesCommand::revisionLine,
          "no revisions");
    }
  }

  /** {@code mcpgate sources revision SOURCE [--revision N]}. */
  @Command(name = "revision", mixinStandardHelpOptions = true,
      description = "Show one revision: its format, size, hash and where it came from.")
  @ApiOperation("getRevision")
  public static final class Revision extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public Revision() {}

    @Override
    int run(Session session) {
      int at = revision(session, source, number);
      return session.show(session.read(AdminRequest.get("getRevision",
          "/sources/{source}/revisions/{number}", "source", source, "number",
          Integer.toString(at))), r -> List.of(revisionLine(r)));
    }
  }

  /** {@code mcpgate sources review SOURCE [--revision N]}. */
  @Command(name = "review", mixinStandardHelpOptions = true,
      description = "Show a revision's review: its evidence and its diff against the approved"
          + " revision.")
  @ApiOperation("getReview")
  public static final class ShowReview extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public ShowReview() {}

    @Override
    int run(Session session) {
      int at = revision(session, source, number);
      return session.show(session.read(getReview(source, at)), SourcesCommand::reviewLines);
    }
  }

  /** {@code mcpgate sources diff SOURCE [--revision N]}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Show how a revision differs from the approved one.")
  @ApiOperation("getDiff")
  public static final class Diff extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public Diff() {}

    @Override
    int run(Session session) {
      int at = revision(session, source, number);
      return session.show(session.read(AdminRequest.get("getDiff",
          "/sources/{source}/revisions/{number}/diff", "source", source, "number",
          Integer.toString(at))), SourcesCommand::diffLines);
    }
  }

  /** Approving and rejecting share all but the decision. */
  abstract static class Decide extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the record.")
    private @Nullable String note;

    abstract String decision();

    @Override
    final int run(Session session) {
      int at = revision(session, source, number);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (note != null) {
        body.put("note", note);
      }
      return session.change(AdminRequest.change(decision() + "Revision", "POST",
              "/sources/{source}/revisions/{number}/" + decision(), body, "source", source,
              "number", Integer.toString(at)), session.expect(getReview(source, at)),
          review -> List.of(reviewLines(review).get(0)));
    }
  }

  /** {@code mcpgate sources approve SOURCE [--revision N] [--note TEXT]}. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a pending revision, freezing the evidence it was approved on"
          + " (role approver).")
  @ApiOperation("approveRevision")
  public static final class Approve extends Decide {
    /** Creates the command; picocli fills in its options. */
    public Approve() {}

    @Override
    String decision() {
      return "approve";
    }
  }

  /** {@code mcpgate sources reject SOURCE [--revision N] [--note TEXT]}. */
  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject a pending revision (role approver).")
  @ApiOperation("rejectRevision")
  public static final class Reject extends Decide {
    /** Creates the command; picocli fills in its options. */
    public Reject() {}

    @Override
    String decision() {
      return "reject";
    }
  }

  /** {@code mcpgate sources publish SOURCE --env ENV [--revision N]}. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Make an approved revision the one served in an environment.")
  @ApiOperation("publishRevision")
  public static final class Publish extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--env", required = true, paramLabel = "ENV",
        description = "The environment, such as sandbox or production.")
    private String environment = "";

    @Option(names = "--revision", paramLabel = "N", description = "Default: the newest.")
    private @Nullable Integer number;

    /** Creates the command; picocli fills in its options. */
    public Publish() {}

    @Override
    int run(Session session) {
      int at = revision(session, source, number);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("environment", environment);
      return session.change(AdminRequest.change("publishRevision", "POST",
              "/sources/{source}/revisions/{number}/publish", body, "source", source, "number",
              Integer.toString(at)), session.expect(getSource(source)),
          published -> List.of(line(published)));
    }
  }

  /** {@code mcpgate sources withdraw SOURCE --env ENV}. */
  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Stop serving a source in an environment.")
  @ApiOperation("withdrawSource")
  public static final class Withdraw extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment.")
    private String environment = "";

    /** Creates the command; picocli fills in its options. */
    public Withdraw() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("environment", environment);
      return session.change(AdminRequest.change("withdrawSource", "POST",
              "/sources/{source}/withdraw", body, "source", source),
          session.expect(getSource(source)), withdrawn -> List.of(line(withdrawn)));
    }
  }

  static AdminRequest getSelection(String source) {
    return AdminRequest.get("getSelection", "/sources/{source}/selection", "source", source);
  }

  static List<String> selectionLines(JsonNode selection) {
    return List.of("source " + selection.at("/meta/id").asString() + " serves "
        + selection.path("tools").size() + " tools: " + join(selection.path("tools"), ", ")
        + ", revision " + selection.at("/meta/revision").asLong());
  }

  /** {@code mcpgate sources selection SOURCE}. */
  @Command(name = "selection", mixinStandardHelpOptions = true,
      description = "Show which of a source's tools are served (not found: all of them).")
  @ApiOperation("getSelection")
  public static final class Selection extends AdminCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    /** Creates the command; picocli fills in its options. */
    public Selection() {}

    @Override
    int run(Session session) {
      return session.show(session.read(getSelection(source)), SourcesCommand::selectionLines);
    }
  }

  /** {@code mcpgate sources select SOURCE TOOL...}. */
  @Command(name = "select", mixinStandardHelpOptions = true,
      description = "Serve only these tools of a source (replacing its selection).")
  @ApiOperation("selectOperations")
  public static final class Select extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TOOL",
        description = "The tools served.")
    private List<String> tools = new ArrayList<>();

    /** Creates the command; picocli fills in its options. */
    public Select() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      tools.forEach(body.putArray("tools")::add);
      return session.change(AdminRequest.change("selectOperations", "PUT",
              "/sources/{source}/selection", body, "source", source),
          session.expectIfExists(getSelection(source)), SourcesCommand::selectionLines);
    }
  }

  /** {@code mcpgate sources unselect SOURCE}. */
  @Command(name = "unselect", mixinStandardHelpOptions = true,
      description = "Remove a source's selection: every tool of its active revision is served"
          + " again.")
  @ApiOperation("deleteSelection")
  public static final class Unselect extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's id.")
    private String source = "";

    /** Creates the command; picocli fills in its options. */
    public Unselect() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("deleteSelection", "DELETE",
              "/sources/{source}/selection", null, "source", source),
          session.expect(getSelection(source)), s -> List.of());
    }
  }
}
