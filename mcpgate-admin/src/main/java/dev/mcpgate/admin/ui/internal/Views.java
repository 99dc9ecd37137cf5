package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.OperationEvidence;
import dev.mcpgate.control.Operator;
import dev.mcpgate.control.Profile;
import dev.mcpgate.control.Review;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.core.policy.PolicyExplanation;
import dev.mcpgate.core.policy.ToolExplanation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What each screen's template shows: plain values read from the control plane. */
public final class Views {

  private Views() {}

  /**
   * What a rule matches, for people: each condition it places, such as {@code clients
   * acme,beta; agents buyer-bot; attribute department sales,ops; argument amount <= 1000}.
   *
   * @param rule the rule
   * @return the conditions, separated by {@code ; }, or empty for a rule that matches every call
   */
  public static String matches(RuleDefinition rule) {
    List<String> parts = new ArrayList<>();
    list(parts, "clients", rule.clientIds());
    list(parts, "subjects", rule.subjects());
    list(parts, "agents", rule.agents());
    list(parts, "workloads", rule.workloads());
    list(parts, "surfaces", rule.surfaces());
    list(parts, "tenants", rule.tenants());
    list(parts, "environments", rule.environments());
    list(parts, "auth methods", rule.authMethods());
    list(parts, "any scope of", rule.scopes());
    list(parts, "all scopes", rule.allScopes());
    rule.attributes().forEach((name, values) -> list(parts, "attribute " + name, values));
    list(parts, "tools", rule.tools());
    list(parts, "tags", rule.tags());
    list(parts, "sources", rule.sources());
    list(parts, "methods", rule.httpMethods());
    hint(parts, "read-only", rule.readOnly());
    hint(parts, "destructive", rule.destructive());
    hint(parts, "idempotent", rule.idempotent());
    hint(parts, "open-world", rule.openWorld());
    rule.arguments().forEach(condition -> parts.add("argument " + condition));
    return String.join("; ", parts);
  }

  /**
   * The conditions of a rule that its form shows but does not edit (attributes and arguments).
   *
   * @param rule the rule
   * @return the conditions, or empty
   */
  public static String keptConditions(RuleDefinition rule) {
    List<String> parts = new ArrayList<>();
    rule.attributes().forEach((name, values) -> list(parts, "attribute " + name, values));
    rule.arguments().forEach(condition -> parts.add("argument " + condition));
    return String.join("; ", parts);
  }

  private static void list(List<String> parts, String label, List<String> values) {
    if (!values.isEmpty()) {
      parts.add(label + " " + String.join(",", values));
    }
  }

  private static void hint(List<String> parts, String label, @Nullable Boolean value) {
    if (value != null) {
      parts.add(label + " " + value);
    }
  }

  /**
   * A source on the overview.
   *
   * @param source the source
   * @param pending its revisions waiting for a review
   */
  public record SourceRow(Source source, List<Integer> pending) {}

  /**
   * The overview.
   *
   * @param sources every source
   * @param tools tools served per environment
   * @param denials recent denied calls
   * @param errors recent upstream and gateway errors
   * @param changes recent changes
   */
  public record Overview(List<SourceRow> sources, Map<String, Integer> tools,
      List<AuditEvent> denials, List<AuditEvent> errors, List<ChangeEvent> changes) {}

  /**
   * An operation in a review.
   *
   * @param operation its evidence
   * @param tags its tags in the description
   * @param selected whether it is served
   */
  public record OperationRow(OperationEvidence operation, List<String> tags, boolean selected) {}

  /**
   * The review screen.
   *
   * @param source the source
   * @param revisions its revisions, newest first
   * @param revision the revision under review
   * @param review its review
   * @param operations its operations
   * @param tags every tag, for bulk selection
   * @param methods every method, for bulk selection
   * @param selectionRevision the selection's revision (0 when every tool is served)
   * @param binding the binding serving the source's tools (its id is the source's), or null
   * @param bindings every binding, to pick from
   * @param kinds the auth kinds a binding may have
   * @param suggestedKind the kind the detected auth suggests
   * @param suggestedSettings settings the detected auth suggests
   * @param environments the environments, in promotion order
   */
  public record ReviewPage(Source source, List<SourceRevision> revisions,
      SourceRevision revision, Review review, List<OperationRow> operations, List<String> tags,
      List<String> methods, long selectionRevision, @Nullable Binding binding,
      List<Binding> bindings, List<String> kinds, String suggestedKind,
      String suggestedSettings, List<String> environments) {}

  /**
   * The tools screen.
   *
   * @param environment the environment shown
   * @param environments every environment
   * @param tools its catalog
   * @param clients the clients to view it as
   * @param caller the client viewed as, or null
   * @param explanation what that client sees, or null
   */
  public record ToolsPage(String environment, List<String> environments,
      List<ToolDefinition> tools, List<Client> clients, @Nullable String caller,
      @Nullable PolicyExplanation explanation) {}

  /**
   * One client's screen.
   *
   * @param client the client
   * @param profiles its profiles
   * @param keys its keys
   * @param endpoint the MCP endpoint, or null
   */
  public record ClientPage(Client client, List<Profile> profiles, List<ClientKey> keys,
      @Nullable String endpoint) {}

  /**
   * A secret shown once: a new client key or operator token.
   *
   * @param what what it is, such as "client key"
   * @param id its id
   * @param secret the secret
   * @param back where to go next
   * @param endpoint the MCP endpoint to use it at, or null
   */
  public record SecretOnce(String what, String id, String secret, String back,
      @Nullable String endpoint) {}

  /**
   * A confirmation before a revocation.
   *
   * @param question what is about to happen
   * @param action where the form posts
   * @param fields the form's hidden fields
   * @param cancel where "cancel" leads
   */
  public record Confirm(String question, String action, Map<String, String> fields,
      String cancel) {}

  /**
   * The audit screen.
   *
   * @param filters the filters as sent
   * @param calls data-plane events
   * @param changes change events
   */
  public record AuditPage(Map<String, String> filters, List<AuditEvent> calls,
      List<ChangeEvent> changes) {}

  /**
   * The policy screen.
   *
   * @param rules the rules
   * @param hostRules ids of the rules the host applies beside the store's (file, default)
   * @param environments every environment
   * @param clients the clients
   * @param tools the tool names of the chosen environment
   * @param filters the evaluation's inputs
   * @param visible the tools the caller sees, or null before an evaluation
   * @param explanation the chosen tool's explanation, or null
   */
  public record PolicyPage(List<Rule> rules, List<String> hostRules, List<String> environments, List<Client> clients,
      List<String> tools, Map<String, String> filters, @Nullable List<String> visible,
      @Nullable ToolExplanation explanation) {}

  /**
   * The bindings screen.
   *
   * @param bindings the bindings
   * @param kinds the auth kinds a binding may have
   */
  public record BindingsPage(List<Binding> bindings, List<String> kinds) {}

  /**
   * The operators screen.
   *
   * @param operators the operators
   * @param roles the roles
   */
  public record OperatorsPage(List<Operator> operators, List<String> roles) {}
}
