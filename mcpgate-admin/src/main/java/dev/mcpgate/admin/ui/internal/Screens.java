package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.admin.ui.AdminUiConfig;
import dev.mcpgate.admin.ui.internal.templates.JteauditGenerated;
import dev.mcpgate.admin.ui.internal.templates.Jteaudit_resultsGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtebindingsGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtecallGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtechangeGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteclientGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteclientsGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteconfirmGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteerrorGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteoperatorsGenerated;
import dev.mcpgate.admin.ui.internal.templates.JteoverviewGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtepolicyGenerated;
import dev.mcpgate.admin.ui.internal.templates.Jtepolicy_resultsGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtereviewGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtesourcesGenerated;
import dev.mcpgate.admin.ui.internal.templates.JtetoolsGenerated;
import dev.mcpgate.admin.ui.internal.templates.Jtetools_resultsGenerated;
import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.OperationEvidence;
import dev.mcpgate.control.OperationSelection;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.ReviewStatus;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.core.policy.PolicyExplanation;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.core.policy.ToolExplanation;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import gg.jte.html.HtmlTemplateOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The screens: each GET path read from the control plane and rendered by its template. */
final class Screens {

  /** A page to render, with its status. */
  record Page(int status, Consumer<HtmlTemplateOutput> template) {}

  private static final Pattern SOURCE = Pattern.compile("/sources/([^/]+)");
  private static final Pattern REVISION = Pattern.compile("/sources/([^/]+)/revisions/(\\d{1,9})");
  private static final Pattern CLIENT = Pattern.compile("/clients/([^/]+)");
  private static final Pattern CLIENT_REVOKE = Pattern.compile("/clients/([^/]+)/revoke");
  private static final Pattern OPERATOR_REVOKE = Pattern.compile("/operators/([^/]+)/revoke");
  private static final Pattern CALL = Pattern.compile("/audit/calls/([^/]+)");
  private static final Pattern CHANGE = Pattern.compile("/audit/changes/(\\d{1,18})");

  private final AdminUiConfig config;
  private final ControlPlane control;

  Screens(AdminUiConfig config) {
    this.config = config;
    this.control = config.controlPlane();
  }

  @Nullable Page page(String path, Form query, Chrome chrome, boolean fragment) {
    Matcher m;
    switch (path) {
      case "/" -> {
        return overview(chrome.page("Overview", "overview"));
      }
      case "/sources" -> {
        Chrome c = chrome.page("Sources", "sources");
        List<Views.SourceRow> rows = sourceRows();
        return ok(out -> JtesourcesGenerated.render(out, null, c, rows, config.urlImports()));
      }
      case "/tools" -> {
        return tools(chrome.page("Tools", "tools"), query, fragment);
      }
      case "/bindings" -> {
        Chrome c = chrome.page("Bindings", "bindings");
        Views.BindingsPage view = new Views.BindingsPage(control.bindings(), kinds());
        return ok(out -> JtebindingsGenerated.render(out, null, c, view));
      }
      case "/clients" -> {
        Chrome c = chrome.page("Clients", "clients");
        List<Client> clients = control.clients();
        return ok(out -> JteclientsGenerated.render(out, null, c, clients));
      }
      case "/policy" -> {
        return policy(chrome.page("Policy", "policy"), query, fragment);
      }
      case "/audit" -> {
        return audit(chrome.page("Audit", "audit"), query, fragment);
      }
      case "/operators" -> {
        Chrome c = chrome.page("Operators", "operators");
        if (!c.isAdmin()) {
          return errorPage(c, 403, "only an admin manages operators");
        }
        Views.OperatorsPage view = new Views.OperatorsPage(control.operators(),
            Arrays.stream(Role.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
        return ok(out -> JteoperatorsGenerated.render(out, null, c, view));
      }
      default -> {
        // matched below
      }
    }
    if ((m = REVISION.matcher(path)).matches()) {
      return review(chrome, m.group(1), Integer.parseInt(m.group(2)));
    }
    if ((m = SOURCE.matcher(path)).matches()) {
      Optional<Source> source = control.source(m.group(1));
      if (source.isEmpty() || source.get().latestRevision() == 0) {
        return errorPage(chrome.page("Not found", "sources"), 404, "no source " + m.group(1)
            + " with a revision");
      }
      return review(chrome, m.group(1), source.get().latestRevision());
    }
    if ((m = CLIENT_REVOKE.matcher(path)).matches()) {
      return confirmRevoke(chrome.page("Revoke", "clients"), m.group(1), query);
    }
    if ((m = CLIENT.matcher(path)).matches()) {
      return client(chrome.page("Client", "clients"), m.group(1));
    }
    if ((m = OPERATOR_REVOKE.matcher(path)).matches()) {
      String name = m.group(1);
      Chrome c = chrome.page("Revoke operator", "operators");
      long revision = control.operators().stream().filter(o -> o.name().equals(name))
          .findFirst().map(o -> o.meta().revision()).orElse(0L);
      Views.Confirm confirm = new Views.Confirm("Revoke operator " + name + "? Their token "
          + "stops working and their sessions end.", "operators/" + name + "/revoke",
          Map.of("expected", Long.toString(revision)), "operators");
      return ok(out -> JteconfirmGenerated.render(out, null, c, confirm));
    }
    if ((m = CALL.matcher(path)).matches()) {
      String id = m.group(1);
      Chrome c = chrome.page("Call " + id, "audit");
      Optional<AuditEvent> event = control.audit().query(AuditQuery.latest(10_000)).stream()
          .filter(e -> e.requestId().equals(id)).findFirst();
      if (event.isEmpty()) {
        return errorPage(c, 404, "no recorded call " + id);
      }
      return ok(out -> JtecallGenerated.render(out, null, c, event.get()));
    }
    if ((m = CHANGE.matcher(path)).matches()) {
      long sequence = Long.parseLong(m.group(1));
      Chrome c = chrome.page("Change " + sequence, "audit");
      Optional<ChangeEvent> event = sequence < 1 ? Optional.empty()
          : control.changes(new ChangeQuery(null, null, null, null, null, sequence - 1, 10_000))
              .stream().filter(e -> e.sequence() == sequence).findFirst();
      if (event.isEmpty()) {
        return errorPage(c, 404, "no change " + sequence);
      }
      return ok(out -> JtechangeGenerated.render(out, null, c, event.get()));
    }
    return null;
  }

  private static Page ok(Consumer<HtmlTemplateOutput> template) {
    return new Page(200, template);
  }

  static Page errorPage(Chrome chrome, int status, String message) {
    Chrome c = chrome.page(UiApp.title(status), chrome.section());
    return new Page(status, out -> JteerrorGenerated.render(out, null, c, status, message));
  }

  private List<Views.SourceRow> sourceRows() {
    List<Views.SourceRow> rows = new ArrayList<>();
    for (Source source : control.sources()) {
      List<Integer> pending = control.revisions(source.meta().id()).stream()
          .map(r -> control.review(source.meta().id(), r.number()).orElse(null))
          .filter(r -> r != null && r.status() == ReviewStatus.PENDING)
          .map(Review::number).toList();
      rows.add(new Views.SourceRow(source, pending));
    }
    return rows;
  }

  private Page overview(Chrome chrome) {
    Map<String, Integer> tools = new LinkedHashMap<>();
    for (String environment : config.environments()) {
      tools.put(environment, control.snapshot(environment).tools().size());
    }
    List<AuditEvent> denials = control.audit().query(
        new AuditQuery(null, null, null, null, "denied", null, 10));
    List<AuditEvent> errors = new ArrayList<>();
    errors.addAll(control.audit().query(new AuditQuery(null, null, null, null, "error", null,
        10)));
    errors.addAll(control.audit().query(new AuditQuery(null, null, null, null, "toolError",
        null, 10)));
    errors.sort(Comparator.comparing(AuditEvent::time).reversed());
    Views.Overview view = new Views.Overview(sourceRows(), tools, denials,
        errors.subList(0, Math.min(10, errors.size())),
        control.changes(ChangeQuery.latest(10)));
    return ok(out -> JteoverviewGenerated.render(out, null, chrome, view));
  }

  private Page review(Chrome chrome, String sourceId, int number) {
    Chrome c = chrome.page("Review " + sourceId + " revision " + number, "sources");
    Optional<Source> source = control.source(sourceId);
    Optional<Review> review = control.review(sourceId, number);
    List<SourceRevision> revisions = new ArrayList<>(control.revisions(sourceId));
    Optional<SourceRevision> revision = revisions.stream().filter(r -> r.number() == number)
        .findFirst();
    if (source.isEmpty() || review.isEmpty() || revision.isEmpty()) {
      return errorPage(c, 404, "no revision " + number + " of source " + sourceId);
    }
    revisions.sort(Comparator.comparingInt(SourceRevision::number).reversed());
    Map<String, List<String>> tags = tagsByOperation(sourceId, number,
        revision.get().location());
    Optional<OperationSelection> selection = control.selection(sourceId);
    List<Views.OperationRow> rows = new ArrayList<>();
    TreeSet<String> allTags = new TreeSet<>();
    TreeSet<String> methods = new TreeSet<>();
    for (OperationEvidence operation : review.get().evidence().operations()) {
      List<String> operationTags = tags.getOrDefault(operation.key(), List.of());
      allTags.addAll(operationTags);
      methods.add(operation.method());
      boolean selected = selection.map(s -> s.tools().contains(operation.tool())).orElse(true);
      rows.add(new Views.OperationRow(operation, operationTags, selected));
    }
    Binding binding = control.bindings().stream()
        .filter(b -> b.meta().id().equals(sourceId)).findFirst().orElse(null);
    String[] suggestion = suggest(review.get().evidence().auth());
    Views.ReviewPage view = new Views.ReviewPage(source.get(), revisions, revision.get(),
        review.get(), rows, List.copyOf(allTags), List.copyOf(methods),
        selection.map(s -> s.meta().revision()).orElse(0L), binding, control.bindings(),
        kinds(), suggestion[0], suggestion[1], config.environments());
    return ok(out -> JtereviewGenerated.render(out, null, c, view));
  }

  /** Tags are not part of the review's evidence: read them from the description as imported. */
  private Map<String, List<String>> tagsByOperation(String sourceId, int number,
      String location) {
    Optional<byte[]> description = control.description(sourceId, number);
    Map<String, List<String>> tags = new HashMap<>();
    if (description.isEmpty()) {
      return tags;
    }
    try {
      ApiImporter.importContent(description.get(), location,
              ImportOptions.builder().sourceId(sourceId).build()).tools()
          .forEach(tool -> {
            if (tool.http() != null) {
              tags.put(tool.http().method().toUpperCase(Locale.ROOT) + " "
                  + tool.http().pathTemplate(), tool.tags());
            }
          });
    } catch (RuntimeException e) {
      // The tags only help bulk selection: without them the table still lists every operation.
    }
    return tags;
  }

  /** The binding kind and settings the first detected auth scheme suggests. */
  private static String[] suggest(List<String> auth) {
    for (String scheme : auth) {
      String[] words = scheme.split(" ");
      switch (words[0]) {
        case "apiKey" -> {
          return new String[] {"apiKey", words.length >= 3
              ? "in=" + words[1] + "\nname=" + words[2] : ""};
        }
        case "bearer", "oauth2", "openIdConnect" -> {
          return new String[] {"bearer", ""};
        }
        case "http" -> {
          return new String[] {words.length > 1 && words[1].equalsIgnoreCase("basic")
              ? "basic" : "bearer", ""};
        }
        default -> {
          // next scheme
        }
      }
    }
    return new String[] {"bearer", ""};
  }

  static List<String> kinds() {
    return Arrays.stream(AuthKind.values())
        .filter(k -> k != AuthKind.NONE && k != AuthKind.UNKNOWN)
        .map(AuthKind::wireName).toList();
  }

  private String environment(Form query) {
    String environment = query.get("environment");
    return environment != null && config.environments().contains(environment)
        ? environment : config.environments().get(config.environments().size() - 1);
  }

  static CallerContext callerOf(Client client, String environment) {
    return CallerContext.builder()
        .subject(client.meta().id())
        .clientId(client.meta().id())
        .tenant(client.tenant())
        .scopes(client.scopes())
        .environment(environment)
        .authMethod("evaluation")
        .build();
  }

  private Page tools(Chrome chrome, Form query, boolean fragment) {
    String environment = environment(query);
    ControlSnapshot snapshot = control.snapshot(environment);
    List<Client> clients = control.clients().stream().filter(c -> !c.revoked()).toList();
    String caller = query.get("caller");
    PolicyExplanation explanation = null;
    if (caller != null) {
      Optional<Client> client = clients.stream().filter(c -> c.meta().id().equals(caller))
          .findFirst();
      if (client.isEmpty()) {
        return errorPage(chrome, 404, "no active client " + caller);
      }
      explanation = RulePolicyEngine.of(config.effectiveRules().apply(snapshot.rules()))
          .explain(callerOf(client.get(), environment), snapshot.tools());
    }
    Views.ToolsPage view = new Views.ToolsPage(environment, config.environments(),
        snapshot.tools(), clients, caller, explanation);
    if (fragment) {
      return ok(out -> Jtetools_resultsGenerated.render(out, null, chrome, view));
    }
    return ok(out -> JtetoolsGenerated.render(out, null, chrome, view));
  }

  private Page policy(Chrome chrome, Form query, boolean fragment) {
    String environment = environment(query);
    ControlSnapshot snapshot = control.snapshot(environment);
    List<Client> clients = control.clients().stream().filter(c -> !c.revoked()).toList();
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("environment", environment);
    String caller = query.get("caller");
    String tool = query.get("tool");
    filters.put("caller", caller == null ? "" : caller);
    filters.put("tool", tool == null ? "" : tool);
    List<String> visible = null;
    ToolExplanation explanation = null;
    if (caller != null) {
      Optional<Client> client = clients.stream().filter(c -> c.meta().id().equals(caller))
          .findFirst();
      if (client.isEmpty()) {
        return errorPage(chrome, 404, "no active client " + caller);
      }
      PolicyExplanation all = RulePolicyEngine.of(config.effectiveRules().apply(snapshot.rules()))
          .explain(callerOf(client.get(), environment), snapshot.tools());
      visible = all.visible();
      if (tool != null) {
        explanation = all.tool(tool).orElse(null);
        if (explanation == null) {
          return errorPage(chrome, 404, "environment " + environment + " serves no tool "
              + tool);
        }
      }
    }
    Set<String> stored = new java.util.HashSet<>();
    snapshot.rules().forEach(rule -> stored.add(rule.id()));
    List<String> hostRules = config.effectiveRules().apply(snapshot.rules()).stream()
        .map(dev.mcpgate.core.policy.PolicyRule::id).filter(id -> !stored.contains(id)).toList();
    Views.PolicyPage view = new Views.PolicyPage(control.rules(), hostRules,
        config.environments(),
        clients, snapshot.tools().stream().map(ToolDefinition::name).sorted().toList(),
        filters, visible, explanation);
    if (fragment) {
      return ok(out -> Jtepolicy_resultsGenerated.render(out, null, chrome, view));
    }
    return ok(out -> JtepolicyGenerated.render(out, null, chrome, view));
  }

  private Page audit(Chrome chrome, Form query, boolean fragment) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : List.of("from", "to", "client", "tool", "outcome", "source", "kind",
        "object", "operator")) {
      String value = query.get(name);
      filters.put(name, value == null ? "" : value);
    }
    Instant from = instant(filters.get("from"), "from");
    Instant to = instant(filters.get("to"), "to");
    ObjectKind kind = null;
    if (!filters.get("kind").isEmpty()) {
      try {
        kind = ObjectKind.valueOf(filters.get("kind").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kind must be one of "
            + Arrays.toString(ObjectKind.values()).toLowerCase(Locale.ROOT));
      }
    }
    boolean changeFilters = kind != null || !filters.get("object").isEmpty()
        || !filters.get("operator").isEmpty();
    boolean callFilters = !filters.get("client").isEmpty() || !filters.get("tool").isEmpty()
        || !filters.get("outcome").isEmpty() || !filters.get("source").isEmpty();
    List<AuditEvent> calls = changeFilters ? List.of() : control.audit().query(new AuditQuery(
        from, to, blank(filters.get("client")), blank(filters.get("tool")),
        blank(filters.get("outcome")), blank(filters.get("source")), 100));
    List<ChangeEvent> changes = callFilters ? List.of() : control.changes(new ChangeQuery(from,
        to, kind, blank(filters.get("object")), blank(filters.get("operator")), 0, 100));
    Views.AuditPage view = new Views.AuditPage(filters, calls, changes);
    if (fragment) {
      return ok(out -> Jteaudit_resultsGenerated.render(out, null, chrome, view));
    }
    return ok(out -> JteauditGenerated.render(out, null, chrome, view));
  }

  private static @Nullable String blank(String value) {
    return value.isEmpty() ? null : value;
  }

  private static @Nullable Instant instant(String value, String field) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value.length() == 16 ? value + ":00Z" : value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be a time such as 2026-01-31T12:00 "
          + "(UTC)");
    }
  }

  private Page client(Chrome chrome, String clientId) {
    Optional<Client> client = control.client(clientId);
    if (client.isEmpty()) {
      return errorPage(chrome, 404, "no client " + clientId);
    }
    Chrome c = chrome.page("Client " + clientId, "clients");
    Views.ClientPage view = new Views.ClientPage(client.get(), control.profiles(clientId),
        control.keys(clientId), config.mcpEndpoint().map(Object::toString).orElse(null));
    return ok(out -> JteclientGenerated.render(out, null, c, view));
  }

  private Page confirmRevoke(Chrome chrome, String clientId, Form query) {
    Optional<Client> client = control.client(clientId);
    if (client.isEmpty()) {
      return errorPage(chrome, 404, "no client " + clientId);
    }
    String profile = query.get("profile");
    String key = query.get("key");
    String question;
    long revision;
    Map<String, String> fields = new LinkedHashMap<>();
    if (key != null) {
      Optional<dev.mcpgate.control.ClientKey> found = control.keys(clientId).stream()
          .filter(k -> k.meta().id().equals(key)).findFirst();
      if (found.isEmpty()) {
        return errorPage(chrome, 404, "client " + clientId + " has no key " + key);
      }
      question = "Revoke key " + key + " of " + clientId + "/" + found.get().profile()
          + "? Calls with it are refused from the next request on.";
      revision = found.get().meta().revision();
      fields.put("key", key);
    } else if (profile != null) {
      Optional<dev.mcpgate.control.Profile> found = control.profiles(clientId).stream()
          .filter(p -> p.name().equals(profile)).findFirst();
      if (found.isEmpty()) {
        return errorPage(chrome, 404, "client " + clientId + " has no profile " + profile);
      }
      question = "Revoke profile " + clientId + "/" + profile + "? Every key of it stops "
          + "working from the next request on.";
      revision = found.get().meta().revision();
      fields.put("profile", profile);
    } else {
      question = "Revoke client " + clientId + "? None of its keys authenticates from the "
          + "next request on.";
      revision = client.get().meta().revision();
    }
    fields.put("expected", Long.toString(revision));
    Views.Confirm confirm = new Views.Confirm(question, "clients/" + clientId + "/revoke",
        fields, "clients/" + clientId);
    return ok(out -> JteconfirmGenerated.render(out, null, chrome, confirm));
  }
}
