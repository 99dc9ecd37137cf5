package dev.mcpgate.cli;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.cli.internal.ToolTable;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import dev.mcpgate.openapi.ImportWarning;
import dev.mcpgate.openapi.ImportedSource;
import dev.mcpgate.openapi.Selection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpgate import FILE|URL}: imports an OpenAPI, Swagger or Postman description and
 * prints the tools it yields, as a summary or as one JSON document.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import an OpenAPI (2.0, 3.0, 3.1) or Postman (v2.0, v2.1) description and show the tools "
          + "it yields.",
      "Exit code 0 on success; 1 with a one-line error when the description cannot be imported."
    })
public final class ImportCommand implements Callable<Integer> {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|URL", description = "The description to import.")
  private String location = "";

  @Option(names = "--format", defaultValue = "summary",
      description = "summary (default) or json: one JSON document on standard output.")
  private String format = "summary";

  @Option(names = "--list-tools",
      description = "With the summary: also list every tool (name, method, path, operation id, "
          + "upstream auth) in a table.")
  private boolean listTools;

  @Option(names = "--prefix", description = "A prefix for every tool name.")
  private @Nullable String prefix;

  @Option(names = "--source-id", description = "The source id recorded in every tool.")
  private @Nullable String sourceId;

  @Option(names = "--server-url", description = "A base URL replacing the description's servers.")
  private @Nullable String serverUrl;

  @Option(names = "--include-tag", split = ",", description = "Only operations with these tags.")
  private List<String> includeTags = new ArrayList<>();

  @Option(names = "--exclude-tag", split = ",", description = "Leave out operations with these tags.")
  private List<String> excludeTags = new ArrayList<>();

  @Option(names = "--include-path", split = ",",
      description = "Only paths matching these globs (* within a segment, ** across).")
  private List<String> includePaths = new ArrayList<>();

  @Option(names = "--exclude-path", split = ",", description = "Leave out paths matching these globs.")
  private List<String> excludePaths = new ArrayList<>();

  @Option(names = "--method", split = ",", description = "Only these HTTP methods.")
  private List<String> methods = new ArrayList<>();

  @Option(names = "--include-operation", split = ",", description = "Only these operation ids.")
  private List<String> includeOperations = new ArrayList<>();

  @Option(names = "--exclude-operation", split = ",", description = "Leave out these operation ids.")
  private List<String> excludeOperations = new ArrayList<>();

  @Option(names = "--include-deprecated", description = "Import deprecated operations too.")
  private boolean includeDeprecated;

  @Option(names = "--credential-param", split = ",", paramLabel = "[IN:]NAME",
      description = "Treat these parameters as credentials (hidden, satisfied by a binding): "
          + "NAME or header:NAME, query:NAME, cookie:NAME.")
  private List<String> credentialParams = new ArrayList<>();

  @Option(names = "--input-param", split = ",", paramLabel = "[IN:]NAME",
      description = "Keep these parameters as business inputs although they look like "
          + "credentials.")
  private List<String> inputParams = new ArrayList<>();

  @Option(names = "--max-size", paramLabel = "BYTES",
      description = "The largest description accepted (default 50 MB).")
  private long maxSize = ImportOptions.DEFAULT_MAX_DOCUMENT_BYTES;

  /** Creates the command; picocli fills in its options. */
  public ImportCommand() {}

  @Override
  public Integer call() {
    if (!format.equals("summary") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be summary or json, not '" + format + "'");
    }
    if (listTools && format.equals("json")) {
      throw new IllegalArgumentException("--list-tools goes with --format summary: the json"
          + " format lists every tool already");
    }
    ImportOptions options = ImportOptions.builder()
        .selection(Selection.builder()
            .includeTags(includeTags).excludeTags(excludeTags)
            .includePaths(includePaths).excludePaths(excludePaths)
            .methods(methods)
            .includeOperationIds(includeOperations).excludeOperationIds(excludeOperations)
            .includeDeprecated(includeDeprecated)
            .build())
        .namePrefix(prefix)
        .sourceId(sourceId)
        .serverUrl(serverUrl)
        .maxDocumentBytes(maxSize)
        .credentialParameters(credentialParams)
        .inputParameters(inputParams)
        .build();
    ImportResult result = ApiImporter.importFrom(location, options);
    PrintWriter out = spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(JSON.writeValueAsString(toJson(result)));
    } else {
      printSummary(result, out);
      if (listTools) {
        ToolTable.lines(result.tools().stream().map(tool -> new ToolTable.Row(null, tool))
            .toList()).forEach(out::println);
      }
    }
    out.flush();
    return 0;
  }

  private static void printSummary(ImportResult result, PrintWriter out) {
    ImportedSource source = result.source();
    out.printf("%s (%s %s)%s%n", source.location(), source.format(), source.formatVersion(),
        source.title() == null ? "" : ": " + source.title());
    out.printf("%d tools%n", result.tools().size());
    Map<String, Integer> methods = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    for (ToolDefinition tool : result.tools()) {
      HttpOperation http = tool.http();
      methods.merge(http == null ? "(none)" : http.method(), 1, Integer::sum);
      tool.auth().stream().map(auth -> auth.kind().wireName()
              + (auth.origin() == AuthRequirement.Origin.INFERRED ? " (inferred)" : ""))
          .distinct().forEach(kind -> kinds.merge(kind, 1, Integer::sum));
    }
    out.println("by method:");
    methods.forEach((method, count) -> out.printf("  %-8s %d%n", method, count));
    out.println("auth kinds (tools requiring each):");
    kinds.forEach((kind, count) -> out.printf("  %-14s %d%n", kind, count));
    out.printf("%d warnings%n", result.warnings().size());
    for (ImportWarning warning : result.warnings()) {
      out.println("  " + warning);
    }
  }

  /** The import as one JSON document; schemas embedded as JSON, never as strings. */
  static ObjectNode toJson(ImportResult result) {
    ObjectNode root = JSON.createObjectNode();
    ImportedSource source = result.source();
    ObjectNode src = root.putObject("source");
    src.put("location", source.location());
    src.put("format", source.format());
    src.put("formatVersion", source.formatVersion());
    putIfSet(src, "title", source.title());
    putIfSet(src, "version", source.version());
    ArrayNode servers = src.putArray("servers");
    source.servers().forEach(servers::add);
    ArrayNode tools = root.putArray("tools");
    for (ToolDefinition tool : result.tools()) {
      ObjectNode node = tools.addObject();
      node.put("name", tool.name());
      putIfSet(node, "title", tool.title());
      putIfSet(node, "description", tool.description());
      putIfSet(node, "operationId", tool.operationId());
      HttpOperation http = tool.http();
      if (http != null) {
        node.put("method", http.method());
        node.put("path", http.pathTemplate());
        node.put("serverUrl", http.serverUrl());
      }
      node.set("inputSchema", JSON.readTree(tool.inputSchema()));
      String output = tool.outputSchema();
      if (output == null) {
        node.putNull("outputSchema");
      } else {
        node.set("outputSchema", JSON.readTree(output));
      }
      node.set("annotations", annotations(tool.annotations()));
      ArrayNode tags = node.putArray("tags");
      tool.tags().forEach(tags::add);
      ArrayNode auth = node.putArray("auth");
      tool.auth().forEach(requirement -> auth.add(auth(requirement)));
    }
    ArrayNode warnings = root.putArray("warnings");
    for (ImportWarning warning : result.warnings()) {
      ObjectNode node = warnings.addObject();
      putIfSet(node, "operation", warning.operation());
      node.put("message", warning.message());
    }
    return root;
  }

  private static JsonNode annotations(ToolAnnotations hints) {
    ObjectNode node = JSON.createObjectNode();
    putIfSet(node, "readOnlyHint", hints.readOnly());
    putIfSet(node, "destructiveHint", hints.destructive());
    putIfSet(node, "idempotentHint", hints.idempotent());
    putIfSet(node, "openWorldHint", hints.openWorld());
    return node;
  }

  static ObjectNode auth(AuthRequirement requirement) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", requirement.kind().wireName());
    node.put("callerVisible", requirement.callerVisible());
    node.put("origin", requirement.origin().wireName());
    if (requirement instanceof AuthRequirement.ApiKey key) {
      node.put("in", key.location().name().toLowerCase(java.util.Locale.ROOT));
      node.put("name", key.name());
    } else if (requirement instanceof AuthRequirement.Bearer bearer) {
      putIfSet(node, "bearerFormat", bearer.bearerFormat());
    } else if (requirement instanceof AuthRequirement.HttpScheme scheme) {
      node.put("scheme", scheme.scheme());
    } else if (requirement instanceof AuthRequirement.OAuth2 oauth) {
      ArrayNode flows = node.putArray("flows");
      oauth.flows().forEach(flows::add);
      putIfSet(node, "tokenUrl", oauth.tokenUrl());
      ArrayNode scopes = node.putArray("scopes");
      oauth.scopes().forEach(scopes::add);
    } else if (requirement instanceof AuthRequirement.OpenIdConnect oidc) {
      node.put("openIdConnectUrl", oidc.discoveryUrl());
      ArrayNode scopes = node.putArray("scopes");
      oidc.scopes().forEach(scopes::add);
    } else if (requirement instanceof AuthRequirement.Signed signed) {
      new TreeMap<>(signed.parameters()).forEach(node::put);
    } else if (requirement instanceof AuthRequirement.Unknown unknown) {
      if (!unknown.detail().isEmpty()) {
        node.put("detail", unknown.detail());
      }
    }
    return node;
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable Boolean value) {
    if (value != null) {
      node.put(field, value.booleanValue());
    }
  }
}
