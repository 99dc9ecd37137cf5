package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
import dev.mcpgate.cli.internal.ConfigException;
import dev.mcpgate.cli.internal.ConfigLoader;
import dev.mcpgate.cli.internal.PolicyExplainer;
import dev.mcpgate.cli.internal.ServeConfig;
import dev.mcpgate.cli.internal.SourceImports;
import dev.mcpgate.core.policy.ArgumentCondition;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpgate policy ...}: the control plane's policy rules (list, show, put, delete), the
 * evaluation of an environment's policy for a caller ({@code evaluate}: which tools it sees and
 * why each other is hidden), and {@code explain}, the same question asked of a serve
 * configuration file's policy without a store.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Manage the policy rules and ask what a caller may see.",
    subcommands = {
      PolicyCommand.ListAll.class, PolicyCommand.Show.class, PolicyCommand.Put.class,
      PolicyCommand.Delete.class, PolicyCommand.Evaluate.class, PolicyCommand.Explain.class
    })
public final class PolicyCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public PolicyCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static AdminRequest get(String id) {
    return AdminRequest.get("getRule", "/rules/{rule}", "rule", id);
  }

  /** The list fields of a rule, in the order a line shows them. */
  private static final List<String> LISTS = List.of("subjects", "agents", "workloads",
      "clientIds", "surfaces", "tenants", "environments", "authMethods", "scopes", "allScopes",
      "tools", "tags", "sources", "httpMethods");

  /** The tool hints a rule may require. */
  private static final List<String> HINTS = List.of("readOnly", "destructive", "idempotent",
      "openWorld");

  static String line(JsonNode rule) {
    JsonNode d = rule.path("definition");
    List<String> conditions = new ArrayList<>();
    for (String field : LISTS) {
      if (!d.path(field).isEmpty()) {
        conditions.add(field + "=" + SourcesCommand.join(d.path(field), ","));
      }
    }
    for (Map.Entry<String, JsonNode> attribute : d.path("attributes").properties()) {
      conditions.add("attribute " + attribute.getKey() + "="
          + SourcesCommand.join(attribute.getValue(), ","));
    }
    for (String hint : HINTS) {
      if (d.path(hint).isBoolean()) {
        conditions.add(hint + "=" + d.path(hint).asBoolean());
      }
    }
    for (JsonNode condition : d.path("arguments")) {
      conditions.add("argument '" + condition.path("argument").asString() + " "
          + symbol(condition.path("operator").asString()) + " " + condition.path("value") + "'");
    }
    return String.format(Locale.ROOT, "%-24s %4d %-5s %s%s revision %d",
        d.path("id").asString(), d.path("order").asInt(),
        d.path("effect").asString().toLowerCase(Locale.ROOT),
        conditions.isEmpty() ? "every call" : String.join(" ", conditions),
        d.path("description").isString() ? " (" + d.path("description").asString() + ")" : "",
        rule.at("/meta/revision").asLong());
  }

  /** An operator's symbol, given its constant name (as answers carry it) or its symbol. */
  private static String symbol(String operator) {
    for (ArgumentCondition.Operator candidate : ArgumentCondition.Operator.values()) {
      if (candidate.name().equals(operator)) {
        return candidate.symbol();
      }
    }
    return operator;
  }

  /** {@code NAME OP VALUE}, such as {@code amount <= 1000} or {@code currency in EUR,USD}. */
  private static final Pattern CONDITION = Pattern.compile(
      "\\s*([^\\s=!<>]+)\\s*(==|!=|<=|>=|<|>|\\snot\\s+in\\s|\\sin\\s)\\s*(.*?)\\s*");

  /** One {@code --argument}: the condition's JSON form, its value read as JSON where it is. */
  static ObjectNode condition(String text) {
    Matcher matcher = CONDITION.matcher(text);
    if (!matcher.matches() || matcher.group(3).isEmpty()) {
      throw AdminCommand.usage("--argument must be NAME OPERATOR VALUE, such as 'amount <= 1000' or"
          + " 'currency in EUR,USD' (operators ==, !=, <, <=, >, >=, in, not in)");
    }
    String operator = matcher.group(2).strip().replaceAll("\\s+", " ");
    ObjectNode condition = JsonNodeFactory.instance.objectNode();
    condition.put("argument", matcher.group(1));
    condition.put("operator", operator);
    String value = matcher.group(3);
    if (operator.equals("in") || operator.equals("not in")) {
      JsonNode parsed = scalarOrArray(value);
      if (parsed.isArray()) {
        condition.set("value", parsed);
      } else {
        ArrayNode values = condition.putArray("value");
        for (String item : value.split(",", -1)) {
          values.add(scalarOrArray(item.strip()));
        }
      }
    } else {
      condition.set("value", scalarOrArray(value));
    }
    return condition;
  }

  /** A number, true, false, a quoted string or an array as JSON; anything else as a string. */
  private static JsonNode scalarOrArray(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node != null && (node.isNumber() || node.isBoolean() || node.isString()
          || node.isArray())) {
        return node;
      }
    } catch (JacksonException notJson) {
      // A bare word: the string itself.
    }
    return JsonNodeFactory.instance.stringNode(text);
  }

  /** {@code mcpgate policy list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the policy rules in the order they are evaluated.")
  @ApiOperation("listRules")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listRules", "/rules")),
          PolicyCommand::line, "no rules");
    }
  }

  /** {@code mcpgate policy show RULE}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a rule.")
  @ApiOperation("getRule")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "RULE", description = "The rule's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      return session.show(session.read(get(id)), r -> List.of(line(r)));
    }
  }

  /** {@code mcpgate policy put RULE --effect allow|deny [conditions]}: creates or replaces. */
  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Create a rule, or replace it. A rule matches a call when every condition"
          + " given matches (a list matches any of its values).")
  @ApiOperation("putRule")
  public static final class Put extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "RULE", description = "The rule's id.")
    private String id = "";

    @Option(names = "--effect", required = true, paramLabel = "allow|deny",
        description = "What a match decides.")
    private String effect = "";

    @Option(names = "--order", paramLabel = "N", description = "Lower first (default 0).")
    private int order;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why, for people.")
    private @Nullable String description;

    @Option(names = "--subject", paramLabel = "S", description = "A caller subject.")
    private List<String> subjects = new ArrayList<>();

    @Option(names = "--agent", paramLabel = "AGENT", description = "A caller agent.")
    private List<String> agents = new ArrayList<>();

    @Option(names = "--workload", paramLabel = "WORKLOAD", description = "A caller workload.")
    private List<String> workloads = new ArrayList<>();

    @Option(names = "--client", paramLabel = "ID", description = "A client id.")
    private List<String> clientIds = new ArrayList<>();

    @Option(names = "--surface", paramLabel = "SURFACE", description = "A caller surface,"
        + " such as mcp.")
    private List<String> surfaces = new ArrayList<>();

    @Option(names = "--tenant", paramLabel = "TENANT", description = "A caller tenant.")
    private List<String> tenants = new ArrayList<>();

    @Option(names = "--env", paramLabel = "ENV", description = "An environment.")
    private List<String> environments = new ArrayList<>();

    @Option(names = "--auth-method", paramLabel = "METHOD", description = "How the caller"
        + " authenticated, such as jwt or apiKey.")
    private List<String> authMethods = new ArrayList<>();

    @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope or role, any of"
        + " which the caller must hold.")
    private List<String> scopes = new ArrayList<>();

    @Option(names = "--all-scope", paramLabel = "SCOPE", description = "A scope or role the"
        + " caller must hold (all of them).")
    private List<String> allScopes = new ArrayList<>();

    @Option(names = "--attribute", paramLabel = "NAME=VALUE", description = "A value a caller"
        + " attribute may have (repeat for more values or attributes).")
    private List<String> attributes = new ArrayList<>();

    @Option(names = "--tool", paramLabel = "TOOL", description = "A tool name (or glob).")
    private List<String> tools = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tool tag.")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--source", paramLabel = "SOURCE", description = "A source id.")
    private List<String> sources = new ArrayList<>();

    @Option(names = "--method", paramLabel = "METHOD", description = "An HTTP method.")
    private List<String> httpMethods = new ArrayList<>();

    @Option(names = "--read-only", paramLabel = "true|false", arity = "1",
        description = "Only read-only tools (true) or only the others (false).")
    private @Nullable Boolean readOnly;

    @Option(names = "--destructive", paramLabel = "true|false", arity = "1",
        description = "Only tools whose destructive hint is this (unset counts as true).")
    private @Nullable Boolean destructive;

    @Option(names = "--idempotent", paramLabel = "true|false", arity = "1",
        description = "Only tools whose idempotent hint is this (unset counts as false).")
    private @Nullable Boolean idempotent;

    @Option(names = "--open-world", paramLabel = "true|false", arity = "1",
        description = "Only tools whose open-world hint is this (unset counts as true).")
    private @Nullable Boolean openWorld;

    @Option(names = "--argument", paramLabel = "CONDITION", description = "A condition on a"
        + " call's argument, such as 'amount <= 1000' or 'currency in EUR,USD' (operators =="
        + " != < <= > >= in, not in); all must hold.")
    private List<String> arguments = new ArrayList<>();

    /** Creates the command; picocli fills in its options. */
    public Put() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("order", order);
      body.put("effect", effect.toLowerCase(Locale.ROOT));
      if (description != null) {
        body.put("description", description);
      }
      Map<String, List<String>> lists = new LinkedHashMap<>();
      lists.put("subjects", subjects);
      lists.put("agents", agents);
      lists.put("workloads", workloads);
      lists.put("clientIds", clientIds);
      lists.put("surfaces", surfaces);
      lists.put("tenants", tenants);
      lists.put("environments", environments);
      lists.put("authMethods", authMethods);
      lists.put("scopes", scopes);
      lists.put("allScopes", allScopes);
      lists.put("tools", tools);
      lists.put("tags", tags);
      lists.put("sources", sources);
      lists.put("httpMethods", httpMethods);
      lists.forEach((field, values) -> {
        ArrayNode array = body.putArray(field);
        values.forEach(array::add);
      });
      ObjectNode byName = body.putObject("attributes");
      for (String attribute : attributes) {
        int equals = attribute.indexOf('=');
        if (equals < 1) {
          throw usage("--attribute must be NAME=VALUE, such as department=sales");
        }
        String name = attribute.substring(0, equals);
        if (!byName.has(name)) {
          byName.putArray(name);
        }
        ((ArrayNode) byName.get(name)).add(attribute.substring(equals + 1));
      }
      Map<String, @Nullable Boolean> hints = new LinkedHashMap<>();
      hints.put("readOnly", readOnly);
      hints.put("destructive", destructive);
      hints.put("idempotent", idempotent);
      hints.put("openWorld", openWorld);
      hints.forEach((hint, value) -> {
        if (value != null) {
          body.put(hint, value);
        }
      });
      ArrayNode conditions = body.putArray("arguments");
      arguments.forEach(text -> conditions.add(condition(text)));
      return session.change(AdminRequest.change("putRule", "PUT", "/rules/{rule}", body,
          "rule", id), session.expectIfExists(get(id)), r -> List.of(line(r)));
    }
  }

  /** {@code mcpgate policy delete RULE}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a rule.")
  @ApiOperation("deleteRule")
  public static final class Delete extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "RULE", description = "The rule's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Delete() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("deleteRule", "DELETE", "/rules/{rule}", null,
          "rule", id), session.expect(get(id)), r -> List.of());
    }
  }

  /**
   * {@code mcpgate policy evaluate --env ENV [caller] [--tool TOOL]}: which tools a caller sees
   * in an environment, and why each other is hidden, from the rules and tools the data plane
   * serves there.
   */
  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = "Show which tools a caller sees in an environment and why each other is"
          + " hidden; with --tool, every rule's verdict on that tool.")
  @ApiOperation("evaluatePolicy")
  public static final class Evaluate extends AdminCommand {
    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The"
        + " environment.")
    private String environment = "";

    @Option(names = "--client", paramLabel = "ID", description = "The caller's client id.")
    private @Nullable String clientId;

    @Option(names = "--subject", paramLabel = "S", description = "The caller's subject.")
    private @Nullable String subject;

    @Option(names = "--agent", paramLabel = "AGENT", description = "The caller's agent.")
    private @Nullable String agent;

    @Option(names = "--workload", paramLabel = "W", description = "The caller's workload.")
    private @Nullable String workload;

    @Option(names = "--surface", paramLabel = "SURFACE", description = "The caller's surface"
        + " (default mcp).")
    private @Nullable String surface;

    @Option(names = "--auth-method", paramLabel = "METHOD", description = "How the caller"
        + " authenticated, such as jwt or apiKey (default evaluation).")
    private @Nullable String authMethod;

    @Option(names = "--tenant", paramLabel = "T", description = "The caller's tenant.")
    private @Nullable String tenant;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope (repeatable).")
    private List<String> scopes = new ArrayList<>();

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
        description = "A caller attribute (repeatable).")
    private Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--tool", paramLabel = "TOOL", description = "Explain this tool in full.")
    private @Nullable String tool;

    /** Creates the command; picocli fills in its options. */
    public Evaluate() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("environment", environment);
      ObjectNode caller = body.putObject("caller");
      if (subject != null) {
        caller.put("subject", subject);
      }
      if (clientId != null) {
        caller.put("clientId", clientId);
      }
      if (tenant != null) {
        caller.put("tenant", tenant);
      }
      Map<String, @Nullable String> more = new LinkedHashMap<>();
      more.put("agent", agent);
      more.put("workload", workload);
      more.put("surface", surface);
      more.put("authMethod", authMethod);
      more.forEach((field, value) -> {
        if (value != null) {
          caller.put(field, value);
        }
      });
      scopes.forEach(caller.putArray("scopes")::add);
      ObjectNode values = caller.putObject("attributes");
      attributes.forEach(values::put);
      if (tool != null) {
        body.put("tool", tool);
      }
      return session.show(session.read(new AdminRequest("evaluatePolicy", "POST",
          "/policy/evaluate", Map.of(), Map.of(), body, null, null, false)),
          Evaluate::lines);
    }

    static List<String> lines(JsonNode evaluation) {
      List<String> lines = new ArrayList<>();
      lines.add("environment " + evaluation.path("environment").asString() + " at change "
          + evaluation.path("sequence").asLong());
      lines.add("visible (" + evaluation.path("visible").size() + "): "
          + (evaluation.path("visible").isEmpty() ? "none"
              : SourcesCommand.join(evaluation.path("visible"), ", ")));
      lines.add("hidden (" + evaluation.path("hidden").size() + "):");
      for (JsonNode hidden : evaluation.path("hidden")) {
        lines.add("  " + hidden.path("tool").asString() + ": "
            + hidden.path("reason").asString()
            + (hidden.path("decidingRules").isEmpty() ? ""
                : " [" + SourcesCommand.join(hidden.path("decidingRules"), ", ") + "]"));
      }
      JsonNode tool = evaluation.path("tool");
      if (tool.isObject()) {
        lines.add("tool " + tool.path("tool").asString() + ": "
            + (tool.path("visible").asBoolean() ? "visible" : "hidden") + " ("
            + tool.path("reason").asString() + ")");
        for (JsonNode rule : tool.path("rules")) {
          lines.add("  rule " + rule.path("ruleId").asString() + " ("
              + rule.path("effect").asString() + "): "
              + (rule.path("matched").asBoolean() ? "matched" : "did not match"));
          for (JsonNode condition : rule.path("conditions")) {
            lines.add("    " + condition.path("condition").asString() + ": "
                + condition.path("outcome").asString() + " (actual "
                + condition.path("actual").asString() + ")");
          }
        }
      }
      return lines;
    }
  }

  /**
   * {@code mcpgate policy explain --config FILE --client ID [--profile P]}: imports the file's
   * sources (no secret is read, nothing listens) and prints the tools the client sees, each with
   * the rule that allows it, then every hidden tool with why: an unapproved source, the rule that
   * denies it, or the conditions of the allow rules it failed.
   */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "Print which tools a client of a serve configuration sees, and why each other tool is "
            + "hidden.",
        "Exit code 0; 2 when the configuration, the client or the profile is not usable."
      })
  public static final class Explain implements Callable<Integer> {

    @Spec private @Nullable CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "The serve configuration file (YAML).")
    private Path config = Path.of("mcpgate.yaml");

    @Option(names = "--client", required = true, paramLabel = "ID",
        description = "The client's id, as in the file's clients (or a JWT's client id).")
    private String client = "";

    @Option(names = "--profile", paramLabel = "P",
        description = "The client's profile (its environment); needed when it has several.")
    private @Nullable String profile;

    /** Creates the command; picocli fills in its options. */
    public Explain() {}

    @Override
    public Integer call() {
      PrintWriter out = spec == null
          ? new PrintWriter(System.out, true, StandardCharsets.UTF_8) : spec.commandLine().getOut();
      PrintWriter err = spec == null
          ? new PrintWriter(System.err, true, StandardCharsets.UTF_8) : spec.commandLine().getErr();
      try {
        ServeConfig loaded = ConfigLoader.load(config);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<SourceImports.Imported> sources = SourceImports.importAll(loaded, problems, warnings);
        if (!problems.isEmpty()) {
          throw new ConfigException(config.toString(), problems);
        }
        PolicyExplainer.explain(loaded, sources, client, profile, config.toString()).forEach(out::println);
        out.flush();
        return 0;
      } catch (ConfigException e) {
        err.println("mcpgate: " + e.getMessage() + ":");
        e.problems().forEach(problem -> err.println("  " + problem));
        err.flush();
        return ServeCommand.CONFIG_ERROR;
      }
    }
  }
}
