package dev.mcpgate.core.policy;

import dev.mcpgate.api.PolicyDecision;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a {@link RulePolicyEngine} decides as it does for one caller and one tool: the decision
 * (exactly what {@link RulePolicyEngine#decide} returns), the rules that decided it, and every
 * rule that applies to the tool with the outcome of each of its conditions. Plain records, for
 * an HTTP API or a command line to render. Immutable and thread-safe.
 *
 * @param tool the tool's name
 * @param call true when explaining a call with arguments, false for a listing
 * @param decision the decision
 * @param decidingRules the ids of the rules that decided, in rule order: every matching deny
 *     rule if any matched (the first is named in the decision), else every matching allow rule;
 *     empty when no rule matched and the default denied
 * @param rules every rule whose tool conditions match this tool, in rule order, with its
 *     conditions' outcomes; rules that target other tools are left out
 */
public record ToolExplanation(
    String tool,
    boolean call,
    PolicyDecision decision,
    List<String> decidingRules,
    List<RuleTrace> rules) {

  /** Validates and copies the fields. */
  public ToolExplanation {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(decision, "decision");
    decidingRules = List.copyOf(decidingRules);
    rules = List.copyOf(rules);
  }

  /**
   * Whether the tool is visible (for a listing) or the call allowed. In dry-run mode this is
   * true even for a would-be denial; see {@link #wouldDeny()}.
   *
   * @return true if the decision allows
   */
  public boolean visible() {
    return decision.allowed();
  }

  /**
   * Whether the policy denies, or in dry-run mode would deny.
   *
   * @return true if enforcement would deny the request
   */
  public boolean wouldDeny() {
    return !decision.allowed() || decision.reason().startsWith(RulePolicyEngine.DRY_RUN_PREFIX);
  }

  /** How one condition of a rule came out. */
  public enum Outcome {
    /** The condition holds. */
    MATCHED,
    /** The condition does not hold. */
    FAILED,
    /** The condition was not evaluated: an argument condition at listing time. */
    NOT_EVALUATED
  }

  /**
   * One rule, as applied to one request.
   *
   * @param ruleId the rule's id
   * @param effect the rule's effect
   * @param description the rule's description, or null
   * @param matched whether the rule counted as matching (see {@link RulePolicyEngine} for how a
   *     rule with argument conditions counts at listing time)
   * @param conditions each condition of the rule and its outcome, caller conditions first, then
   *     tool conditions, then argument conditions
   */
  public record RuleTrace(
      String ruleId,
      PolicyRule.Effect effect,
      @Nullable String description,
      boolean matched,
      List<ConditionTrace> conditions) {

    /** Validates and copies the fields. */
    public RuleTrace {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(effect, "effect");
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * One condition and its outcome.
   *
   * @param condition the condition, such as {@code tenant in [acme]} or {@code amount <= 1000}
   * @param outcome whether it held
   * @param actual the request's value it was checked against, such as {@code "globex"} or
   *     {@code (none)}
   */
  public record ConditionTrace(String condition, Outcome outcome, String actual) {

    /** Validates the fields. */
    public ConditionTrace {
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(actual, "actual");
    }
  }
}
