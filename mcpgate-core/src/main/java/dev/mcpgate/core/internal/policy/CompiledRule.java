package dev.mcpgate.core.internal.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.CallerMatch;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.ToolExplanation.ConditionTrace;
import dev.mcpgate.core.policy.ToolExplanation.Outcome;
import dev.mcpgate.core.policy.ToolExplanation.RuleTrace;
import dev.mcpgate.core.policy.ToolMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PolicyRule} compiled: its conditions as {@link Check}s, cheapest first, and the
 * decisions it takes made once. Immutable and thread-safe.
 */
public final class CompiledRule {

  private final int index;
  private final PolicyRule rule;
  private final boolean deny;
  private final boolean hasArguments;
  private final Check<ToolDefinition>[] toolChecks;
  private final Check<CallerContext>[] callerChecks;
  private final Check<Map<String, @Nullable Object>>[] argumentChecks;
  private final PolicyDecision decision;

  /**
   * Compiles a rule.
   *
   * @param index the rule's position in its policy
   * @param rule the rule
   * @param decision the decision the rule takes when it decides
   */
  public CompiledRule(int index, PolicyRule rule, PolicyDecision decision) {
    this.index = index;
    this.rule = rule;
    this.deny = rule.effect() == PolicyRule.Effect.DENY;
    this.hasArguments = rule.hasArgumentConditions();
    this.toolChecks = toolChecks(rule.tool());
    this.callerChecks = callerChecks(rule.caller());
    List<Check<Map<String, @Nullable Object>>> arguments = new ArrayList<>();
    for (ArgumentCondition condition : rule.arguments()) {
      arguments.add(new ArgumentCheck(condition));
    }
    this.argumentChecks = array(arguments);
    this.decision = decision;
  }

  /**
   * The rule's position in its policy; the lower decides among rules of one effect.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * The rule.
   *
   * @return the rule
   */
  public PolicyRule rule() {
    return rule;
  }

  /**
   * Whether the rule denies.
   *
   * @return true for a deny rule
   */
  public boolean deny() {
    return deny;
  }

  /**
   * The decision the rule takes when it decides.
   *
   * @return the decision
   */
  public PolicyDecision decision() {
    return decision;
  }

  /**
   * Whether the rule matches a request. For a listing (no arguments), a rule with argument
   * conditions matches as if they held when it allows, and does not match when it denies: a tool
   * is hidden only by what is certain before the arguments are known.
   *
   * @param caller the caller
   * @param tool the tool
   * @param arguments the call's arguments, or null for a listing
   * @return true on a match
   */
  public boolean matches(
      CallerContext caller, ToolDefinition tool, @Nullable Map<String, @Nullable Object> arguments) {
    if (arguments == null && hasArguments && deny) {
      return false;
    }
    for (Check<ToolDefinition> check : toolChecks) {
      if (!check.test(tool)) {
        return false;
      }
    }
    if (!matchesCaller(caller)) {
      return false;
    }
    return arguments == null || matchesArguments(arguments);
  }

  /**
   * Whether the rule matches a request whose caller is already known to match the rule's
   * caller conditions: the tool and argument conditions only.
   */
  boolean matchesForCaller(ToolDefinition tool, @Nullable Map<String, @Nullable Object> arguments) {
    if (arguments == null && hasArguments && deny) {
      return false;
    }
    for (Check<ToolDefinition> check : toolChecks) {
      if (!check.test(tool)) {
        return false;
      }
    }
    return arguments == null || matchesArguments(arguments);
  }

  boolean matchesCaller(CallerContext caller) {
    for (Check<CallerContext> check : callerChecks) {
      if (!check.test(caller)) {
        return false;
      }
    }
    return true;
  }

  private boolean matchesArguments(Map<String, @Nullable Object> arguments) {
    for (Check<Map<String, @Nullable Object>> check : argumentChecks) {
      if (!check.test(arguments)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the rule's tool conditions match a tool.
   *
   * @param tool the tool
   * @return true if the rule applies to the tool for some caller
   */
  public boolean appliesTo(ToolDefinition tool) {
    for (Check<ToolDefinition> check : toolChecks) {
      if (!check.test(tool)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rule applied to a request, every condition evaluated, for explanations. {@link
   * RuleTrace#matched()} always equals {@link #matches}.
   *
   * @param caller the caller
   * @param tool the tool
   * @param arguments the call's arguments, or null for a listing
   * @return the trace
   */
  public RuleTrace trace(
      CallerContext caller, ToolDefinition tool, @Nullable Map<String, @Nullable Object> arguments) {
    List<ConditionTrace> conditions = new ArrayList<>();
    boolean matched = true;
    for (Check<CallerContext> check : callerChecks) {
      matched &= add(conditions, check, caller);
    }
    for (Check<ToolDefinition> check : toolChecks) {
      matched &= add(conditions, check, tool);
    }
    for (Check<Map<String, @Nullable Object>> check : argumentChecks) {
      if (arguments == null) {
        conditions.add(
            new ConditionTrace(check.describe(), Outcome.NOT_EVALUATED, "(listing: no arguments)"));
      } else {
        matched &= add(conditions, check, arguments);
      }
    }
    if (arguments == null && hasArguments && deny) {
      matched = false;
    }
    return new RuleTrace(rule.id(), rule.effect(), rule.description(), matched, conditions);
  }

  private static <T> boolean add(List<ConditionTrace> conditions, Check<T> check, T subject) {
    boolean holds = check.test(subject);
    conditions.add(
        new ConditionTrace(
            check.describe(), holds ? Outcome.MATCHED : Outcome.FAILED, check.actual(subject)));
    return holds;
  }

  private static Check<ToolDefinition>[] toolChecks(ToolMatch match) {
    // The cheap checks first: hash lookups before globs.
    List<Check<ToolDefinition>> checks = new ArrayList<>();
    if (!match.sources().isEmpty()) {
      checks.add(new Check.Field<>("source", ToolDefinition::source, match.sources()));
    }
    if (!match.names().isEmpty()) {
      checks.add(new Check.Names(match.names()));
    }
    if (!match.tags().isEmpty()) {
      checks.add(new Check.Tags(match.tags()));
    }
    if (!match.httpMethods().isEmpty()) {
      checks.add(new Check.Field<>("httpMethod", Check.Field::method, match.httpMethods()));
    }
    hint(checks, "readOnly", ToolAnnotations::readOnly, false, match.readOnly());
    hint(checks, "destructive", ToolAnnotations::destructive, true, match.destructive());
    hint(checks, "idempotent", ToolAnnotations::idempotent, false, match.idempotent());
    hint(checks, "openWorld", ToolAnnotations::openWorld, true, match.openWorld());
    return array(checks);
  }

  private static void hint(
      List<Check<ToolDefinition>> checks,
      String name,
      Function<ToolAnnotations, @Nullable Boolean> declared,
      boolean defaultValue,
      @Nullable Boolean required) {
    if (required != null) {
      checks.add(new Check.Hint(name, declared, defaultValue, required));
    }
  }

  private static Check<CallerContext>[] callerChecks(CallerMatch match) {
    List<Check<CallerContext>> checks = new ArrayList<>();
    field(checks, "clientId", CallerContext::clientId, match.clientIds());
    field(checks, "tenant", CallerContext::tenant, match.tenants());
    field(checks, "environment", CallerContext::environment, match.environments());
    field(checks, "surface", CallerContext::surface, match.surfaces());
    field(checks, "subject", CallerContext::subject, match.subjects());
    field(checks, "agent", CallerContext::agent, match.agents());
    field(checks, "workload", CallerContext::workload, match.workloads());
    field(checks, "authMethod", CallerContext::authMethod, match.authMethods());
    if (!match.anyScopes().isEmpty()) {
      checks.add(new Check.Scopes(match.anyScopes(), false));
    }
    if (!match.allScopes().isEmpty()) {
      checks.add(new Check.Scopes(match.allScopes(), true));
    }
    match.attributes().forEach((name, values) -> checks.add(new Check.Attribute(name, values)));
    return array(checks);
  }

  private static void field(
      List<Check<CallerContext>> checks,
      String name,
      Function<CallerContext, @Nullable String> accessor,
      Set<String> values) {
    if (!values.isEmpty()) {
      checks.add(new Check.Field<>(name, accessor, values));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Check<T>[] array(List<Check<T>> checks) {
    return (Check<T>[]) checks.toArray(new Check<?>[0]);
  }

  @Override
  public String toString() {
    return "CompiledRule[" + index + " " + rule.id() + "]";
  }
}
