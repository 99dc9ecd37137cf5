package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.admin.ui.AdminUiConfig;
import dev.mcpgate.admin.ui.internal.templates.JtesecretGenerated;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.Command;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.IssuedClientKey;
import dev.mcpgate.control.IssuedOperatorToken;
import dev.mcpgate.control.Outcome;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.core.policy.PolicyRule;
import gg.jte.html.HtmlTemplateOutput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The changes: each POST path turned into one {@link Command} applied through the control plane
 * as the session's operator (surface {@code ui}). The service layer authorizes, validates and
 * records; a refusal comes back as a page saying why, with the status that fits it.
 */
final class Changes {

  /** What to answer. */
  sealed interface Result {}

  /** Go to a page (relative to the mount), with a message for it. */
  record Redirect(String to, @Nullable String flash) implements Result {}

  /** Show a page at once (a secret shown once is never behind a redirect). */
  record Show(int status, Consumer<HtmlTemplateOutput> page) implements Result {}

  /** Refused or invalid: say why. */
  record Failed(int status, String message) implements Result {}

  private static final Pattern SELECTION = Pattern.compile("/sources/([^/]+)/selection");
  private static final Pattern SOURCE_BINDING = Pattern.compile("/sources/([^/]+)/binding");
  private static final Pattern DECISION =
      Pattern.compile("/sources/([^/]+)/revisions/(\\d{1,9})/decision");
  private static final Pattern PUBLISH =
      Pattern.compile("/sources/([^/]+)/revisions/(\\d{1,9})/publish");
  private static final Pattern ROTATE = Pattern.compile("/bindings/([^/]+)/rotate");
  private static final Pattern PROFILES = Pattern.compile("/clients/([^/]+)/profiles");
  private static final Pattern KEYS = Pattern.compile("/clients/([^/]+)/keys");
  private static final Pattern REVOKE = Pattern.compile("/clients/([^/]+)/revoke");
  private static final Pattern RULE_DELETE = Pattern.compile("/rules/([^/]+)/delete");
  private static final Pattern OPERATOR_REVOKE = Pattern.compile("/operators/([^/]+)/revoke");

  private final AdminUiConfig config;
  private final ControlPlane control;

  Changes(AdminUiConfig config) {
    this.config = config;
    this.control = config.controlPlane();
  }

  Result handle(String path, Form form, Actor actor, Chrome chrome) {
    Matcher m;
    if (path.equals("/sources/import")) {
      return importRevision(form, actor);
    }
    if ((m = SELECTION.matcher(path)).matches()) {
      String sourceId = m.group(1);
      String back = form.get("back") != null && form.get("back").matches("\\d{1,9}")
          ? "sources/" + sourceId + "/revisions/" + form.get("back") : "sources/" + sourceId;
      return done(control.apply(actor, new Command.SelectOperations(sourceId,
          new LinkedHashSet<>(form.all("tool")), form.number("expected"))), back);
    }
    if ((m = SOURCE_BINDING.matcher(path)).matches()) {
      return mapBinding(m.group(1), form, actor);
    }
    if ((m = DECISION.matcher(path)).matches()) {
      String decision = form.require("decision", "decision");
      Command.Decision value = switch (decision) {
        case "approve" -> Command.Decision.APPROVE;
        case "reject" -> Command.Decision.REJECT;
        default -> throw new IllegalArgumentException("decision must be approve or reject");
      };
      return done(control.apply(actor, new Command.DecideReview(m.group(1),
          Integer.parseInt(m.group(2)), value, form.get("note"), form.number("expected"))),
          "sources/" + m.group(1) + "/revisions/" + m.group(2));
    }
    if ((m = PUBLISH.matcher(path)).matches()) {
      String environment = form.require("environment", "environment");
      if (!config.environments().contains(environment)) {
        throw new IllegalArgumentException("environment must be one of "
            + config.environments());
      }
      return done(control.apply(actor, new Command.PublishRevision(m.group(1),
          Integer.parseInt(m.group(2)), environment, form.number("expected"))),
          "sources/" + m.group(1) + "/revisions/" + m.group(2));
    }
    if (path.equals("/rules")) {
      return putRule(form, actor);
    }
    if ((m = RULE_DELETE.matcher(path)).matches()) {
      return done(control.apply(actor, new Command.DeleteRule(m.group(1),
          form.number("expected"))), "policy");
    }
    if (path.equals("/bindings")) {
      CredentialBinding binding = new CredentialBinding(form.require("id", "binding id"),
          kind(form.require("kind", "kind")), form.require("ref", "secret reference"), Map.of(),
          settings(form.raw("settings")));
      return done(control.apply(actor, new Command.PutBinding(binding, 0)), "bindings");
    }
    if ((m = ROTATE.matcher(path)).matches()) {
      String id = m.group(1);
      Optional<Binding> current = control.bindings().stream()
          .filter(b -> b.meta().id().equals(id)).findFirst();
      if (current.isEmpty()) {
        return new Failed(404, "no binding " + id);
      }
      CredentialBinding was = current.get().binding();
      CredentialBinding next = new CredentialBinding(id, was.kind(),
          form.require("ref", "secret reference"), was.profileRefs(), was.settings());
      return done(control.apply(actor, new Command.PutBinding(next, form.number("expected"))),
          "bindings");
    }
    if (path.equals("/clients")) {
      String clientId = form.require("clientId", "client id");
      return done(control.apply(actor, new Command.CreateClient(clientId,
          form.get("displayName"), form.get("tenant"),
          new LinkedHashSet<>(words(form.get("scopes"))))), "clients/" + clientId);
    }
    if ((m = PROFILES.matcher(path)).matches()) {
      return done(control.apply(actor, new Command.CreateProfile(m.group(1),
          form.require("profile", "profile"))), "clients/" + m.group(1));
    }
    if ((m = KEYS.matcher(path)).matches()) {
      String clientId = m.group(1);
      Outcome<IssuedClientKey> issued = control.apply(actor, new Command.IssueKey(clientId,
          form.require("profile", "profile")));
      if (issued instanceof Outcome.Applied<IssuedClientKey> applied) {
        IssuedClientKey key = applied.result();
        Views.SecretOnce view = new Views.SecretOnce("client key", key.key().meta().id(),
            key.secret(), "clients/" + clientId,
            config.mcpEndpoint().map(Object::toString).orElse(null));
        Chrome c = chrome.page("New key for " + clientId, "clients");
        return new Show(201, out -> JtesecretGenerated.render(out, null, c, view));
      }
      return done(issued, "clients/" + clientId);
    }
    if ((m = REVOKE.matcher(path)).matches()) {
      String clientId = m.group(1);
      long expected = form.number("expected");
      String key = form.get("key");
      String profile = form.get("profile");
      Outcome<?> outcome = key != null
          ? control.apply(actor, new Command.RevokeKey(key, expected))
          : profile != null
              ? control.apply(actor, new Command.RevokeProfile(clientId, profile, expected))
              : control.apply(actor, new Command.RevokeClient(clientId, expected));
      return done(outcome, "clients/" + clientId);
    }
    if (path.equals("/operators")) {
      Role role;
      try {
        role = Role.valueOf(form.require("role", "role").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("role must be viewer, operator, approver or admin");
      }
      Outcome<IssuedOperatorToken> issued = control.apply(actor,
          new Command.CreateOperator(form.require("name", "name"), role));
      if (issued instanceof Outcome.Applied<IssuedOperatorToken> applied) {
        Views.SecretOnce view = new Views.SecretOnce("operator token",
            applied.result().operator().name(), applied.result().token(), "operators", null);
        Chrome c = chrome.page("New operator", "operators");
        return new Show(201, out -> JtesecretGenerated.render(out, null, c, view));
      }
      return done(issued, "operators");
    }
    if ((m = OPERATOR_REVOKE.matcher(path)).matches()) {
      return done(control.apply(actor, new Command.RevokeOperator(m.group(1),
          form.number("expected"))), "operators");
    }
    return new Failed(404, "no change is made at " + path);
  }

  private Result importRevision(Form form, Actor actor) {
    String sourceId = form.require("sourceId", "source id");
    String url = form.get("url");
    String content = form.raw("content");
    if ((url == null) == (content == null)) {
      throw new IllegalArgumentException("give either a URL or the description's content");
    }
    Outcome<SourceRevision> outcome;
    if (url != null) {
      String lower = url.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        throw new IllegalArgumentException("url must start with http:// or https://");
      }
      if (!config.urlImports()) {
        return new Failed(403, "imports from a URL are turned off: paste the description");
      }
      outcome = control.importFrom(actor, sourceId, url);
    } else {
      outcome = control.apply(actor, new Command.ImportRevision(sourceId,
          content.getBytes(StandardCharsets.UTF_8), "ui:pasted"));
    }
    if (outcome instanceof Outcome.Applied<SourceRevision> applied) {
      return done(outcome, "sources/" + sourceId + "/revisions/" + applied.result().number());
    }
    return done(outcome, "sources");
  }

  /**
   * Sets the binding that serves a source's tools (the data plane serves a source with the
   * binding of the same id): a copy of an existing binding's references, or a new reference.
   */
  private Result mapBinding(String sourceId, Form form, Actor actor) {
    long expected = form.number("expected");
    String back = form.get("back") != null && form.get("back").matches("\\d{1,9}")
        ? "sources/" + sourceId + "/revisions/" + form.get("back") : "sources/" + sourceId;
    CredentialBinding binding;
    if ("existing".equals(form.get("mode"))) {
      String from = form.require("bindingId", "binding");
      Optional<Binding> existing = control.bindings().stream()
          .filter(b -> b.meta().id().equals(from)).findFirst();
      if (existing.isEmpty()) {
        return new Failed(404, "no binding " + from);
      }
      CredentialBinding was = existing.get().binding();
      binding = new CredentialBinding(sourceId, was.kind(), was.secretRef(), was.profileRefs(),
          was.settings());
    } else {
      binding = new CredentialBinding(sourceId, kind(form.require("kind", "kind")),
          form.require("ref", "secret reference"), Map.of(), settings(form.raw("settings")));
    }
    return done(control.apply(actor, new Command.PutBinding(binding, expected)), back);
  }

  private static AuthKind kind(String name) {
    try {
      AuthKind kind = AuthKind.fromWireName(name);
      if (kind == AuthKind.NONE || kind == AuthKind.UNKNOWN) {
        throw new IllegalArgumentException("kind");
      }
      return kind;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kind must be one of " + Screens.kinds());
    }
  }

  /** Settings as {@code name=value} lines: non-secret injection settings, such as a header. */
  private static Map<String, String> settings(@Nullable String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (text == null) {
      return settings;
    }
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("settings are name=value lines, one per line");
      }
      settings.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
    }
    return settings;
  }

  private static java.util.List<String> words(@Nullable String text) {
    return text == null ? java.util.List.of()
        : java.util.Arrays.stream(text.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
  }

  /**
   * Adds a rule ({@code expected} 0) or replaces the store-owned rule of that revision. A field
   * the form sends replaces the rule's (empty: no condition); what the form does not send, such
   * as the attribute and argument conditions, which it only shows, is kept as the rule has it.
   */
  private Result putRule(Form form, Actor actor) {
    String orderText = form.require("order", "order");
    if (!orderText.matches("-?\\d{1,9}")) {
      throw new IllegalArgumentException("order must be a whole number");
    }
    PolicyRule.Effect effect = switch (form.require("effect", "effect")) {
      case "allow" -> PolicyRule.Effect.ALLOW;
      case "deny" -> PolicyRule.Effect.DENY;
      default -> throw new IllegalArgumentException("effect must be allow or deny");
    };
    String id = form.require("id", "rule id");
    long expected = form.number("expected");
    // The rule as it is at the revision edited: what the form leaves out is kept from it.
    RuleDefinition kept = expected == 0 ? null : control.rules().stream()
        .filter(rule -> rule.meta().id().equals(id) && rule.meta().revision() == expected)
        .map(Rule::definition).findFirst().orElse(null);
    RuleDefinition was = kept != null ? kept : new RuleDefinition(id, 0, effect, null,
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null);
    String description = form.has("description") ? form.get("description") : was.description();
    RuleDefinition rule = new RuleDefinition(id, Integer.parseInt(orderText), effect,
        description == null || description.isBlank() ? null : description.strip(),
        words(form, "subjects", was.subjects()), words(form, "agents", was.agents()),
        words(form, "workloads", was.workloads()), words(form, "clients", was.clientIds()),
        words(form, "surfaces", was.surfaces()), words(form, "tenants", was.tenants()),
        words(form, "environments", was.environments()),
        words(form, "authMethods", was.authMethods()), words(form, "scopes", was.scopes()),
        words(form, "allScopes", was.allScopes()), was.attributes(),
        words(form, "tools", was.tools()), words(form, "tags", was.tags()),
        words(form, "sources", was.sources()), words(form, "methods", was.httpMethods())
            .stream().map(method -> method.toUpperCase(Locale.ROOT)).toList(),
        hint(form, "readOnly", "read-only", was.readOnly()),
        hint(form, "destructive", "destructive", was.destructive()),
        hint(form, "idempotent", "idempotent", was.idempotent()),
        hint(form, "openWorld", "open-world", was.openWorld()), was.arguments());
    return done(control.apply(actor, new Command.PutRule(rule, expected)), "policy");
  }

  /** A list field of the rule form: the form's words when it sends the field, else {@code kept}. */
  private static List<String> words(Form form, String field, List<String> kept) {
    return form.has(field) ? words(form.get(field)) : kept;
  }

  /** A hint of the rule form: empty for no condition, true or false; {@code kept} when absent. */
  private static @Nullable Boolean hint(Form form, String field, String label,
      @Nullable Boolean kept) {
    if (!form.has(field)) {
      return kept;
    }
    String value = form.get(field);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(label + " must be empty, true or false");
    };
  }

  private static Result done(Outcome<?> outcome, String back) {
    if (outcome instanceof Outcome.Applied<?> applied) {
      return new Redirect(back, "+" + applied.change().summary());
    }
    if (outcome instanceof Outcome.Refused<?> refused) {
      int status = switch (refused.reason()) {
        case FORBIDDEN -> 403;
        case NOT_FOUND -> 404;
        case STALE_REVISION -> 412;
        case ALREADY_EXISTS, FILE_OWNED, CONFLICT -> 409;
        case INVALID -> 422;
      };
      return new Failed(status, refused.message());
    }
    return new Redirect(back, null);
  }
}
