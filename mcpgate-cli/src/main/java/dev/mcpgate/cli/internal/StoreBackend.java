package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlObject;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.IssuedClientKey;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.policy.PolicyExplanation;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.core.policy.ToolExplanation;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The store named by the configuration, through the service layer, answering each admin API
 * operation with the JSON the API answers: the same records through the same JSON mapping, the
 * same views of the catalog and of a policy evaluation, the same refusals as problems. Changes
 * are made by the local administrator through the {@code cli} surface. Not thread-safe: one
 * command at a time.
 */
public final class StoreBackend implements AdminBackend {

  /** Who changes the store from the command line: whoever holds the store's file or URL. */
  public static final Actor ACTOR = Actor.local(Surface.CLI);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final @Nullable StoreAccess access;
  private final ControlPlane control;
  private final String label;
  private final ServeConfig.@Nullable PolicyConfig filePolicy;

  /**
   * A back end over a control plane.
   *
   * @param access the opened store to close with this back end, or null
   * @param control the service layer
   * @param label how messages name the store, such as the configuration file
   */
  public StoreBackend(@Nullable StoreAccess access, ControlPlane control, String label) {
    this(access, control, label, null);
  }

  /**
   * A back end over the store, whose policy evaluation applies the file's policy as serve does.
   *
   * @param access the opened store to close with this back end, or null
   * @param control the service layer
   * @param label how messages name the store, such as the configuration file
   * @param filePolicy the configuration file's {@code policy} (its default), or null
   *     to evaluate the store's rules alone
   */
  public StoreBackend(@Nullable StoreAccess access, ControlPlane control, String label,
      ServeConfig.@Nullable PolicyConfig filePolicy) {
    this.access = access;
    this.control = control;
    this.label = label;
    this.filePolicy = filePolicy;
  }

  @Override
  public String target() {
    return "the store of " + label;
  }

  @Override
  public void close() {
    if (access != null) {
      access.close();
    }
  }

  @Override
  public AdminAnswer send(AdminRequest request) {
    try {
      return answer(request);
    } catch (Refusal refusal) {
      return refusal.problem;
    } catch (IllegalArgumentException e) {
      // The records validate their fields; their messages name the field and never a secret.
      return new AdminAnswer.Problem(422, "invalid", e.getMessage(), null);
    }
  }

  private AdminAnswer answer(AdminRequest r) {
    return switch (r.operation()) {
      case "getOpenApi" -> new AdminAnswer.Done(openApi(), 0, null);
      case "getHealth", "getReady" -> done(health());
      case "listRoles" -> done(Map.of("items", roles()));

      case "listSources" -> list(control.sources());
      case "getSource" -> object(source(r));
      case "updateSource" -> {
        source(r);
        JsonNode body = body(r);
        yield run(r, new Command.UpdateSource(r.param("source"), optString(body, "title"),
            body.path("sandboxFirst").asBoolean(false), expected(r)));
      }
      case "importRevision" -> importRevision(r);
      case "listRevisions" -> {
        source(r);
        yield list(control.revisions(r.param("source")));
      }
      case "getRevision" -> object(control.revisions(r.param("source")).stream()
          .filter(rev -> rev.number() == number(r)).findFirst()
          .orElseThrow(() -> notFound("revision", r.param("source") + "@" + number(r))));
      case "getReview" -> object(review(r));
      case "getDiff" -> {
        Review review = review(r);
        yield new AdminAnswer.Done(tree(review.evidence().diff()), review.meta().revision(),
            null);
      }
      case "approveRevision", "rejectRevision" -> {
        review(r);
        yield run(r, new Command.DecideReview(r.param("source"), number(r),
            r.operation().equals("approveRevision") ? Command.Decision.APPROVE
                : Command.Decision.REJECT, optString(body(r), "note"), expected(r)));
      }
      case "publishRevision" -> run(r, new Command.PublishRevision(r.param("source"), number(r),
          string(body(r), "environment"), expected(r)));
      case "withdrawSource" -> run(r, new Command.WithdrawSource(r.param("source"),
          string(body(r), "environment"), expected(r)));
      case "getSelection" -> object(control.selection(r.param("source"))
          .orElseThrow(() -> notFound("selection", r.param("source"))));
      case "selectOperations" -> run(r, new Command.SelectOperations(r.param("source"),
          new LinkedHashSet<>(strings(body(r), "tools")),
          expectedOrNew(r, control.selection(r.param("source")).isPresent())));
      case "deleteSelection" -> run(r, new Command.DeleteSelection(r.param("source"),
          expected(r)));
      case "listTools" -> catalog(r.param("environment"));

      case "listBindings" -> list(control.bindings());
      case "getBinding" -> object(binding(r));
      case "putBinding" -> {
        JsonNode body = body(r);
        String id = r.param("binding");
        boolean exists = control.bindings().stream().anyMatch(b -> b.meta().id().equals(id));
        yield run(r, new Command.PutBinding(new CredentialBinding(id,
            authKind(string(body, "kind")), string(body, "secretRef"),
            stringMap(body, "profileRefs"), stringMap(body, "settings")),
            expectedOrNew(r, exists)));
      }
      case "rotateBinding" -> {
        CredentialBinding was = binding(r).binding();
        JsonNode body = body(r);
        yield run(r, new Command.PutBinding(new CredentialBinding(was.id(), was.kind(),
            string(body, "secretRef"), body.has("profileRefs") ? stringMap(body, "profileRefs")
                : was.profileRefs(), was.settings()), expected(r)));
      }
      case "deleteBinding" -> run(r, new Command.DeleteBinding(r.param("binding"), expected(r)));

      case "listClients" -> list(control.clients());
      case "createClient" -> {
        JsonNode body = body(r);
        yield run(r, new Command.CreateClient(string(body, "id"), optString(body, "displayName"),
            optString(body, "tenant"), new LinkedHashSet<>(strings(body, "scopes"))));
      }
      case "getClient" -> object(client(r));
      case "updateClient" -> {
        client(r);
        JsonNode body = body(r);
        yield run(r, new Command.UpdateClient(r.param("client"), optString(body, "displayName"),
            optString(body, "tenant"), new LinkedHashSet<>(strings(body, "scopes")),
            expected(r)));
      }
      case "revokeClient" -> run(r, new Command.RevokeClient(r.param("client"), expected(r)));
      case "listProfiles" -> {
        client(r);
        yield list(control.profiles(r.param("client")));
      }
      case "createProfile" -> run(r, new Command.CreateProfile(r.param("client"),
          string(body(r), "name")));
      case "revokeProfile" -> run(r, new Command.RevokeProfile(r.param("client"),
          r.param("profile"), expected(r)));
      case "issueKey" -> run(r, new Command.IssueKey(r.param("client"), r.param("profile")));
      case "registerKey" -> registerKey(r);
      case "listKeys" -> {
        client(r);
        yield list(control.keys(r.param("client")));
      }
      case "getKey" -> object(keyOfAnyClient(r));
      case "revokeKey" -> {
        key(r);
        yield run(r, new Command.RevokeKey(r.param("key"), expected(r)));
      }
      case "rotateKey" -> rotateKey(r);

      case "listRules" -> done(page(control.rules().stream()
          .sorted(Comparator.comparingInt((dev.mcpgate.control.Rule rule) ->
              rule.definition().order()).thenComparing(rule -> rule.meta().id())).toList()));
      case "getRule" -> object(control.rules().stream()
          .filter(rule -> rule.meta().id().equals(r.param("rule"))).findFirst()
          .orElseThrow(() -> notFound("rule", r.param("rule"))));
      case "putRule" -> putRule(r);
      case "deleteRule" -> run(r, new Command.DeleteRule(r.param("rule"), expected(r)));
      case "evaluatePolicy" -> done(evaluate(body(r)));

      case "listLimits" -> list(control.limits());
      case "getLimit" -> object(control.limits().stream()
          .filter(limit -> limit.meta().id().equals(r.param("limit"))).findFirst()
          .orElseThrow(() -> notFound("limit", r.param("limit"))));
      case "putLimit" -> putLimit(r);
      case "deleteLimit" -> run(r, new Command.DeleteLimit(r.param("limit"), expected(r)));

      case "listOperators" -> list(control.operators());
      case "createOperator" -> {
        JsonNode body = body(r);
        yield run(r, new Command.CreateOperator(string(body, "name"), role(string(body, "role"))));
      }
      case "getOperator" -> object(control.operators().stream()
          .filter(o -> o.name().equals(r.param("operator"))).findFirst()
          .orElseThrow(() -> notFound("operator", r.param("operator"))));
      case "revokeOperator" -> run(r, new Command.RevokeOperator(r.param("operator"),
          expected(r)));

      case "listChanges" -> changes(r);
      case "listAudit" -> audit(r);
      default -> throw new IllegalStateException("no operation " + r.operation());
    };
  }

  // ---- changes -----------------------------------------------------------------------------

  /** Runs a command, or previews it, as the API's {@code run} does. */
  private <T> AdminAnswer run(AdminRequest r, Command<T> command) {
    if (r.dryRun()) {
      Outcome<T> outcome = control.dryRun(ACTOR, command);
      if (outcome instanceof Outcome.Refused<T> refused) {
        throw new Refusal(refused);
      }
      return done(dryRun(List.of(((Outcome.Preview<T>) outcome).change())));
    }
    Outcome<T> outcome = control.apply(ACTOR, command);
    if (outcome instanceof Outcome.Refused<T> refused) {
      throw new Refusal(refused);
    }
    Outcome.Applied<T> applied = (Outcome.Applied<T>) outcome;
    boolean deleted = command instanceof Command.DeleteBinding
        || command instanceof Command.DeleteRule || command instanceof Command.DeleteLimit;
    ControlObject object = objectOf(applied.result());
    return new AdminAnswer.Done(deleted ? null : tree(applied.result()),
        deleted || object == null ? 0 : object.meta().revision(), tree(applied.change()));
  }

  private static @Nullable ControlObject objectOf(Object result) {
    if (result instanceof ControlObject object) {
      return object;
    }
    if (result instanceof IssuedClientKey issued) {
      return issued.key();
    }
    if (result instanceof IssuedOperatorToken issued) {
      return issued.operator();
    }
    return null;
  }

  private static Map<String, Object> dryRun(List<ChangeEvent> changes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", true);
    body.put("changes", changes);
    return body;
  }

  private AdminAnswer importRevision(AdminRequest r) {
    byte[] description;
    String location;
    if (r.upload() != null) {
      description = r.upload();
      String name = r.query().get("filename");
      location = "upload:" + (name == null ? "description" : name);
    } else {
      String url = string(body(r), "url");
      if (!url.startsWith("https://") && !url.startsWith("http://")) {
        throw invalid("url", "url must be an http or https URL");
      }
      if (url.substring(url.indexOf("//") + 2).split("[/?#]", 2)[0].contains("@")) {
        throw invalid("url", "url must not carry credentials (user:password@)");
      }
      try {
        description = ApiImporter.read(url, ImportOptions.defaults());
      } catch (ImportException e) {
        throw invalid("url", e.getMessage());
      }
      location = url;
    }
    ImportSettings settings;
    try {
      settings = ImportSettings.fromText(r.query()::get);
    } catch (ImportSettings.InvalidSetting e) {
      throw invalid(e.field(), e.getMessage());
    }
    return run(r, new Command.ImportRevision(r.param("source"), description, location,
        settings));
  }

  /** Issues a new key for the old key's profile, then revokes the old one, as the API does. */
  private AdminAnswer rotateKey(AdminRequest r) {
    ClientKey old = key(r);
    Command.IssueKey issue = new Command.IssueKey(old.clientId(), old.profile());
    Command.RevokeKey revoke = new Command.RevokeKey(old.meta().id(), expected(r));
    if (r.dryRun()) {
      List<ChangeEvent> changes = new ArrayList<>();
      for (Command<?> command : List.<Command<?>>of(revoke, issue)) {
        Outcome<?> outcome = control.dryRun(ACTOR, command);
        if (outcome instanceof Outcome.Refused<?> refused) {
          throw new Refusal(refused);
        }
        changes.add(((Outcome.Preview<?>) outcome).change());
      }
      return done(dryRun(changes));
    }
    if (control.dryRun(ACTOR, issue) instanceof Outcome.Refused<IssuedClientKey> refused) {
      throw new Refusal(refused);
    }
    if (control.apply(ACTOR, revoke) instanceof Outcome.Refused<ClientKey> refused) {
      throw new Refusal(refused);
    }
    return run(r, issue);
  }

  private AdminAnswer putRule(AdminRequest r) {
    JsonNode body = body(r);
    String id = r.param("rule");
    boolean exists = control.rules().stream().anyMatch(rule -> rule.meta().id().equals(id));
    String effect = string(body, "effect");
    if (!effect.equalsIgnoreCase("allow") && !effect.equalsIgnoreCase("deny")) {
      throw invalid("effect", "effect must be allow or deny");
    }
    if (!body.isObject()) {
      throw new IllegalArgumentException("a rule is a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = JSON.convertValue(body, Map.class);
    // Every field of the rule's JSON form, read as the API reads it (refusals: 422 in send).
    RuleDefinition definition = RuleDefinition.fromJson(id, fields);
    return run(r, new Command.PutRule(definition, expectedOrNew(r, exists)));
  }

  private AdminAnswer putLimit(AdminRequest r) {
    JsonNode body = body(r);
    String id = r.param("limit");
    boolean exists = control.limits().stream().anyMatch(limit -> limit.meta().id().equals(id));
    LimitDefinition.Scope scope;
    try {
      scope = LimitDefinition.Scope.valueOf(string(body, "scope").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("scope",
          "scope must be client, profile, tool, each_caller or each_caller_tool");
    }
    Duration period;
    try {
      period = Duration.parse(string(body, "period"));
    } catch (DateTimeParseException e) {
      throw invalid("period", "period must be an ISO-8601 duration such as PT1M");
    }
    String target = scope == LimitDefinition.Scope.EACH_CALLER && optString(body, "target") == null
        ? LimitDefinition.EVERY_CALLER : string(body, "target");
    return run(r, new Command.PutLimit(new LimitDefinition(id, scope, target,
        body.path("capacity").asLong(), period), expectedOrNew(r, exists)));
  }

  private static AuthKind authKind(String value) {
    for (AuthKind kind : AuthKind.values()) {
      if (kind.name().equalsIgnoreCase(value) || kind.wireName().equalsIgnoreCase(value)) {
        return kind;
      }
    }
    throw invalid("kind", "kind must be one of the auth kinds, such as apiKey, bearer, "
        + "basic, oauth2");
  }

  private static Role role(String value) {
    try {
      return Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("role", "role must be viewer, operator, approver or admin");
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  private dev.mcpgate.control.Source source(AdminRequest r) {
    return control.source(r.param("source"))
        .orElseThrow(() -> notFound("source", r.param("source")));
  }

  private Review review(AdminRequest r) {
    return control.review(r.param("source"), number(r))
        .orElseThrow(() -> notFound("review", r.param("source") + "@" + number(r)));
  }

  private Binding binding(AdminRequest r) {
    return control.bindings().stream().filter(b -> b.meta().id().equals(r.param("binding")))
        .findFirst().orElseThrow(() -> notFound("binding", r.param("binding")));
  }

  private dev.mcpgate.control.Client client(AdminRequest r) {
    return control.client(r.param("client"))
        .orElseThrow(() -> notFound("client", r.param("client")));
  }

  private ClientKey key(AdminRequest r) {
    String client = client(r).meta().id();
    return control.key(r.param("key")).filter(k -> k.clientId().equals(client))
        .orElseThrow(() -> notFound("key", r.param("key")));
  }

  /** The key of getKey, whose client may be {@code -}: any client, as the admin API has it. */
  private ClientKey keyOfAnyClient(AdminRequest r) {
    if (!r.param("client").equals("-")) {
      return key(r);
    }
    return control.key(r.param("key")).orElseThrow(() -> notFound("key", r.param("key")));
  }

  private static int number(AdminRequest r) {
    try {
      int number = Integer.parseInt(r.param("number"));
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Refusal(new AdminAnswer.Problem(400, "bad-request",
        "number must be a positive integer", "number"));
  }

  private AdminAnswer catalog(String environment) {
    ControlSnapshot snapshot = control.snapshot(environment);
    List<Map<String, Object>> tools = snapshot.tools().stream()
        .sorted(Comparator.comparing(ToolDefinition::name)).map(StoreBackend::tool).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment", environment);
    body.put("sequence", snapshot.sequence());
    body.putAll(page(tools));
    return done(body);
  }

  private static Map<String, Object> tool(ToolDefinition tool) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", tool.name());
    view.put("title", tool.title());
    view.put("description", tool.description());
    view.put("source", tool.source());
    view.put("method", tool.http() == null ? null : tool.http().method());
    view.put("path", tool.http() == null ? null : tool.http().pathTemplate());
    view.put("readOnly", tool.annotations().readOnly());
    view.put("destructive", tool.annotations().destructive());
    view.put("tags", List.copyOf(tool.tags()));
    return view;
  }

  /** Which tools a caller sees in an environment, and why each hidden one is hidden. */
  private Map<String, Object> evaluate(JsonNode body) {
    String environment = string(body, "environment");
    JsonNode caller = body.path("caller").isObject() ? body.path("caller")
        : JsonNodeFactory.instance.objectNode();
    CallerContext.Builder builder = CallerContext.builder()
        .subject(optString(caller, "subject"))
        .clientId(optString(caller, "clientId"))
        .tenant(optString(caller, "tenant"))
        .environment(environment)
        .agent(optString(caller, "agent"))
        .workload(optString(caller, "workload"))
        .scopes(strings(caller, "scopes"))
        .surface(java.util.Objects.requireNonNullElse(optString(caller, "surface"), "mcp"))
        .authMethod(java.util.Objects.requireNonNullElse(optString(caller, "authMethod"),
            "evaluation"));
    stringMap(caller, "attributes").forEach(builder::attribute);
    String toolName = optString(body, "tool");
    ControlSnapshot snapshot = control.snapshot(environment);
    // The rules serve applies: the store's (the file's mirrored among them), the file's default.
    List<PolicyRule> rules = filePolicy == null ? snapshot.rules()
        : LiveState.rules(filePolicy, snapshot.rules());
    PolicyExplanation explanation = RulePolicyEngine.of(rules)
        .explain(builder.build(), snapshot.tools());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("environment", environment);
    out.put("sequence", snapshot.sequence());
    out.put("visible", explanation.visible());
    out.put("hidden", explanation.tools().stream().filter(t -> !t.visible())
        .map(t -> Map.of("tool", t.tool(), "reason", t.decision().reason(),
            "decidingRules", t.decidingRules())).toList());
    if (toolName != null) {
      ToolExplanation tool = explanation.tool(toolName).orElseThrow(() -> invalid(
          "tool", "environment " + environment + " serves no tool " + toolName));
      out.put("tool", explain(tool));
    }
    return out;
  }

  private static Map<String, Object> explain(ToolExplanation tool) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("tool", tool.tool());
    view.put("visible", tool.visible());
    view.put("reason", tool.decision().reason());
    view.put("decidingRules", tool.decidingRules());
    view.put("rules", tool.rules().stream().map(rule -> {
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("ruleId", rule.ruleId());
      trace.put("effect", rule.effect().name().toLowerCase(Locale.ROOT));
      trace.put("description", rule.description());
      trace.put("matched", rule.matched());
      trace.put("conditions", rule.conditions().stream().map(c -> Map.of(
          "condition", c.condition(), "outcome", c.outcome().name().toLowerCase(Locale.ROOT),
          "actual", c.actual())).toList());
      return trace;
    }).toList());
    return view;
  }

  private Map<String, Object> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("ready", true);
    body.put("sequence", control.sequence());
    return body;
  }

  private static List<Map<String, Object>> roles() {
    Map<Role, String> may = Map.of(
        Role.VIEWER, "read every object, the change log and the audit",
        Role.OPERATOR, "import, publish and withdraw revisions, select operations, manage "
            + "bindings, clients, profiles, keys, rules and limits",
        Role.APPROVER, "also approve or reject a review",
        Role.ADMIN, "also create and revoke operators");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Role role : Role.values()) {
      out.add(Map.of("role", role.name().toLowerCase(Locale.ROOT),
          "includes", Arrays.stream(Role.values()).filter(role::includes)
              .map(r -> r.name().toLowerCase(Locale.ROOT)).toList(),
          "may", may.get(role)));
    }
    return out;
  }

  private static JsonNode openApi() {
    try (InputStream in = StoreBackend.class.getResourceAsStream(
        "/dev/mcpgate/admin/admin-api.json")) {
      if (in == null) {
        throw new IllegalStateException("admin-api.json is missing from the jar");
      }
      return JSON.readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("admin-api.json could not be read", e);
    }
  }

  /** The change log newest first, a page at a time, with the API's cursors. */
  private AdminAnswer changes(AdminRequest r) {
    int limit = limit(r);
    ObjectKind kind = null;
    String kindName = r.query().get("kind");
    if (kindName != null) {
      try {
        kind = ObjectKind.valueOf(kindName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new Refusal(new AdminAnswer.Problem(400, "bad-request", "kind must be one of "
            + Arrays.toString(ObjectKind.values()).toLowerCase(Locale.ROOT), "kind"));
      }
    }
    Instant to = instant(r, "to");
    long before = Long.MAX_VALUE;
    String cursor = r.query().get("cursor");
    if (cursor != null) {
      long[] parts = cursor(cursor);
      before = parts[0];
      Instant at = Instant.ofEpochMilli(parts[1] + 1);
      to = to == null || at.isBefore(to) ? at : to;
    }
    List<ChangeEvent> found;
    for (int fetch = limit + 1; ; fetch = Math.min(10_000, fetch * 4)) {
      List<ChangeEvent> raw = control.changes(new ChangeQuery(instant(r, "from"), to, kind,
          r.query().get("objectId"), r.query().get("actor"), 0, fetch));
      long bound = before;
      found = raw.stream().filter(c -> c.sequence() < bound).toList();
      if (found.size() > limit || raw.size() < fetch || fetch == 10_000) {
        break;
      }
    }
    List<ChangeEvent> items = found.subList(0, Math.min(limit, found.size()));
    String next = null;
    if (found.size() > limit) {
      ChangeEvent last = items.get(items.size() - 1);
      next = cursor(last.sequence(), last.time().toEpochMilli());
    }
    return done(listing(items, next));
  }

  /** The data-plane audit newest first, a page at a time, with the API's cursors. */
  private AdminAnswer audit(AdminRequest r) {
    int limit = limit(r);
    Instant to = instant(r, "to");
    long atMillis = -1;
    int skip = 0;
    String cursor = r.query().get("cursor");
    if (cursor != null) {
      long[] parts = cursor(cursor);
      atMillis = parts[0];
      skip = (int) Math.min(parts[1], 9_000);
      Instant at = Instant.ofEpochMilli(atMillis + 1);
      to = to == null || at.isBefore(to) ? at : to;
    }
    int fetch = Math.min(10_000, limit + skip + 1);
    List<AuditEvent> raw = control.audit().query(new AuditQuery(instant(r, "from"), to,
        r.query().get("clientId"), r.query().get("tool"), r.query().get("outcome"),
        r.query().get("source"), fetch));
    List<AuditEvent> found = new ArrayList<>();
    int skipped = 0;
    for (AuditEvent event : raw) {
      if (atMillis >= 0 && event.time().toEpochMilli() == atMillis && skipped < skip) {
        skipped++;
        continue;
      }
      found.add(event);
    }
    List<AuditEvent> items = found.subList(0, Math.min(limit, found.size()));
    String next = null;
    if (found.size() > limit) {
      long lastMillis = items.get(items.size() - 1).time().toEpochMilli();
      long same = items.stream().filter(e -> e.time().toEpochMilli() == lastMillis).count()
          + (lastMillis == atMillis ? skip : 0);
      next = cursor(lastMillis, same);
    }
    return done(listing(items, next));
  }

  private static int limit(AdminRequest r) {
    String value = r.query().get("limit");
    if (value == null) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= 1000) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Refusal(new AdminAnswer.Problem(400, "bad-request",
        "limit must be an integer from 1 to 1000", "limit"));
  }

  private static @Nullable Instant instant(AdminRequest r, String name) {
    String value = r.query().get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new Refusal(new AdminAnswer.Problem(400, "bad-request", name
          + " must be an RFC 3339 time such as 2026-01-31T12:00:00Z", name));
    }
  }

  private static String cursor(long first, long second) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((first + "." + second).getBytes(StandardCharsets.UTF_8));
  }

  private static long[] cursor(String value) {
    try {
      String[] split = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8)
          .split("\\.");
      if (split.length == 2) {
        long[] out = {Long.parseLong(split[0]), Long.parseLong(split[1])};
        if (out[0] >= 0 && out[1] >= 0) {
          return out;
        }
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new Refusal(new AdminAnswer.Problem(400, "bad-request",
        "cursor must be a nextCursor this API returned", "cursor"));
  }

  // ---- shapes ------------------------------------------------------------------------------

  /** Every object of a list, by id, as one page: the command reads every page anyway. */
  private static <T extends ControlObject> AdminAnswer list(List<T> all) {
    return done(page(all.stream().sorted(Comparator.comparing(o -> o.meta().id())).toList()));
  }

  private static Map<String, Object> page(List<?> items) {
    return listing(items, null);
  }

  private static Map<String, Object> listing(List<?> items, @Nullable String next) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("nextCursor", next);
    return body;
  }

  private static AdminAnswer object(ControlObject object) {
    return new AdminAnswer.Done(tree(object), object.meta().revision(), null);
  }

  private static AdminAnswer done(Object body) {
    return new AdminAnswer.Done(tree(body), 0, null);
  }

  private static JsonNode tree(Object value) {
    // Through bytes, as the API writes them: the same mapper, the same JSON.
    return JSON.readTree(JSON.writeValueAsBytes(value));
  }

  private static long expected(AdminRequest r) {
    if (r.ifMatch() == null) {
      throw new Refusal(new AdminAnswer.Problem(428, "precondition-required",
          "an update needs If-Match with the ETag of the object as last read", "If-Match"));
    }
    return r.ifMatch();
  }

  private static long expectedOrNew(AdminRequest r, boolean exists) {
    return exists || r.ifMatch() != null ? expected(r) : 0;
  }

  /** A key by its id and hash: the body carries {@code sha256} and nothing else. */
  private AdminAnswer registerKey(AdminRequest r) {
    JsonNode body = body(r);
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      String field = entry.getKey();
      if (!field.equals("sha256")) {
        throw invalid(field, "a key is registered by its sha256 only; " + field
            + " is not accepted (never send the key itself)");
      }
    }
    byte[] sha256;
    try {
      sha256 = Command.RegisterKey.parseSha256(string(body, "sha256"));
    } catch (IllegalArgumentException e) {
      throw invalid("sha256", e.getMessage());
    }
    client(r);
    return run(r, new Command.RegisterKey(r.param("client"), r.param("profile"), r.param("key"),
        sha256));
  }

  private static JsonNode body(AdminRequest r) {
    return r.body() == null ? JsonNodeFactory.instance.objectNode() : r.body();
  }

  private static String string(JsonNode body, String field) {
    String value = optString(body, field);
    if (value == null) {
      throw invalid(field, field + " is required");
    }
    return value;
  }

  private static @Nullable String optString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    body.path(field).forEach(item -> out.add(item.asString()));
    return out;
  }

  private static Map<String, String> stringMap(JsonNode body, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode value = body.path(field);
    if (value.isObject()) {
      value.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    }
    return out;
  }

  private static Refusal notFound(String what, String id) {
    return new Refusal(new AdminAnswer.Problem(404, "not-found", "there is no " + what + " "
        + id, null));
  }

  private static Refusal invalid(@Nullable String field, String detail) {
    return new Refusal(new AdminAnswer.Problem(422, "invalid", detail, field));
  }

  /** A problem raised while answering, as the API's {@code Problems.Failure} is. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AdminAnswer.Problem problem;

    Refusal(AdminAnswer.Problem problem) {
      super(null, null, false, false);
      this.problem = problem;
    }

    Refusal(Outcome.Refused<?> refused) {
      this(problem(refused));
    }

    private static AdminAnswer.Problem problem(Outcome.Refused<?> refused) {
      Outcome.Refusal reason = refused.reason();
      int status = switch (reason) {
        case FORBIDDEN -> 403;
        case NOT_FOUND -> 404;
        case ALREADY_EXISTS, FILE_OWNED, CONFLICT -> 409;
        case STALE_REVISION -> 412;
        case INVALID -> 422;
      };
      // The API adds "not through the API" to a file-owned refusal; the message itself says
      // where to change the object.
      return new AdminAnswer.Problem(status, reason.name().toLowerCase(Locale.ROOT)
          .replace('_', '-'), refused.message(), null);
    }
  }
}
