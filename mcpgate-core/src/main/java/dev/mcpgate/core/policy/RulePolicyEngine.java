package dev.mcpgate.core.policy;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.policy.CompiledRule;
import dev.mcpgate.core.internal.policy.RuleIndex;
import dev.mcpgate.core.policy.ToolExplanation.RuleTrace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PolicyEngine} of {@link PolicyRule}s, compiled and indexed once.
 *
 * <h2>Combining rule</h2>
 *
 * <p><b>Deny overrides, default deny.</b> A request is
 *
 * <ol>
 *   <li>denied if any matching rule denies; the decision names the first such rule in rule
 *       order ({@code "denied by rule <id>"});
 *   <li>else allowed if any matching rule allows; the decision names the first such rule
 *       ({@code "allowed by rule <id>"});
 *   <li>else denied by default ({@value #DEFAULT_DENY_REASON}).
 * </ol>
 *
 * <p>Rule order never changes whether a request is allowed, only which rule the reason names.
 *
 * <h2>Listing and call</h2>
 *
 * <p>{@code tools/list} asks without arguments, {@code tools/call} with them, and a call is
 * first decided as a listing (a tool hidden from the caller stays indistinguishable from an
 * unknown tool). Argument conditions are evaluated only for calls. For a listing, a rule with
 * argument conditions counts as <em>matching</em> when it allows (the tool is visible because
 * some call to it may be allowed) and as <em>not matching</em> when it denies (a tool is never
 * hidden for what its arguments might be). So:
 *
 * <ul>
 *   <li>for a policy without argument conditions, the listing decision and the call decision
 *       are the same for any arguments;
 *   <li>with argument conditions, a call is allowed only if the listing is allowed: a hidden
 *       tool can never be called, and a visible tool may still refuse a call for its arguments
 *       ("denied by policy").
 * </ul>
 *
 * <h2>Dry run</h2>
 *
 * <p>With {@link Builder#dryRun(boolean) dryRun(true)} the engine never denies: a request it
 * would deny is allowed with the reason {@code "dry-run: would deny (<rule id>)"} (or {@code
 * "dry-run: would deny (default deny)"}), which the audit trail records, so a new policy can be
 * watched in production before it is enforced.
 *
 * <h2>Cost</h2>
 *
 * <p>A decision evaluates only the rules its index finds for the tool (by exact name, name-glob
 * prefix, source or tag) plus the rules that target no such key, and allocates nothing. Globs
 * match without regular expressions, in time bounded by pattern length × name length.
 *
 * <p>Immutable and thread-safe.
 */
public final class RulePolicyEngine implements PolicyEngine {

  /** The reason of a denial when no rule matched. */
  public static final String DEFAULT_DENY_REASON = "no rule allows: default deny";

  /** How the reason of a dry-run decision that would have denied starts. */
  public static final String DRY_RUN_PREFIX = "dry-run: would deny (";

  private static final PolicyDecision DEFAULT_DENY = PolicyDecision.deny(DEFAULT_DENY_REASON);
  private static final PolicyDecision DRY_RUN_DEFAULT =
      PolicyDecision.allow(DRY_RUN_PREFIX + "default deny)");

  private final List<PolicyRule> rules;
  private final CompiledRule[] compiled;
  private final RuleIndex index;
  private final boolean dryRun;

  private RulePolicyEngine(List<PolicyRule> rules, boolean dryRun) {
    this.rules = List.copyOf(rules);
    this.dryRun = dryRun;
    Set<String> ids = new HashSet<>();
    List<CompiledRule> list = new ArrayList<>(rules.size());
    for (int i = 0; i < this.rules.size(); i++) {
      PolicyRule rule = this.rules.get(i);
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("two rules have the id '" + rule.id() + "'");
      }
      list.add(new CompiledRule(i, rule, decisionOf(rule, dryRun)));
    }
    this.compiled = list.toArray(new CompiledRule[0]);
    this.index = new RuleIndex(list);
  }

  private static PolicyDecision decisionOf(PolicyRule rule, boolean dryRun) {
    if (rule.effect() == PolicyRule.Effect.ALLOW) {
      return PolicyDecision.allow("allowed by rule " + rule.id());
    }
    return dryRun
        ? PolicyDecision.allow(DRY_RUN_PREFIX + rule.id() + ")")
        : PolicyDecision.deny("denied by rule " + rule.id());
  }

  /**
   * A new builder: no rules (so everything is denied), enforcing.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An enforcing engine of some rules.
   *
   * @param rules the rules, in order
   * @return the engine
   * @throws IllegalArgumentException if two rules have the same id
   */
  public static RulePolicyEngine of(List<PolicyRule> rules) {
    return builder().rules(rules).build();
  }

  /**
   * The rules, in order.
   *
   * @return the rules
   */
  public List<PolicyRule> rules() {
    return rules;
  }

  /**
   * Whether this engine only records what it would deny.
   *
   * @return true in dry-run mode
   */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Decides one request: deny overrides, default deny, argument conditions only for calls (see
   * the class documentation).
   *
   * @param request the caller, the tool and, for a call, the arguments
   * @return the decision; in dry-run mode always an allow
   */
  @Override
  public PolicyDecision decide(PolicyRequest request) {
    return decision(index.match(request.caller(), request.tool(), request.arguments()));
  }

  /**
   * Which tools a caller may see, for one listing: the same answers as {@link #decide}, with
   * the rules' caller conditions evaluated once for the whole listing rather than per tool, and
   * the index lookups that cannot find a rule for this caller skipped.
   *
   * @param caller who is listing
   * @return whether each tool is listed for the caller
   */
  @Override
  public Predicate<ToolDefinition> visibleTo(CallerContext caller) {
    RuleIndex.ListingView view = index.forListing(Objects.requireNonNull(caller, "caller"));
    return tool -> decision(view.match(tool)).allowed();
  }

  private PolicyDecision decision(long state) {
    int deny = RuleIndex.denyOf(state);
    if (deny != RuleIndex.NONE) {
      return compiled[deny].decision();
    }
    int allow = RuleIndex.allowOf(state);
    if (allow != RuleIndex.NONE) {
      return compiled[allow].decision();
    }
    return dryRun ? DRY_RUN_DEFAULT : DEFAULT_DENY;
  }

  /**
   * Explains which of some tools a caller sees, and why: each tool decided as a listing, with
   * the rules that apply to it and the outcome of each of their conditions.
   *
   * @param caller the caller
   * @param tools the tools, such as a catalog's
   * @return one explanation per tool, in the given order
   */
  public PolicyExplanation explain(CallerContext caller, Collection<ToolDefinition> tools) {
    Objects.requireNonNull(caller, "caller");
    List<ToolExplanation> explanations = new ArrayList<>(tools.size());
    for (ToolDefinition tool : tools) {
      explanations.add(explain(PolicyRequest.forListing(caller, tool)));
    }
    return new PolicyExplanation(explanations);
  }

  /**
   * Explains one decision, a listing or a call with arguments. The explanation's decision is
   * always the one {@link #decide} returns for the request.
   *
   * @param request the request
   * @return the explanation
   */
  public ToolExplanation explain(PolicyRequest request) {
    CallerContext caller = request.caller();
    ToolDefinition tool = request.tool();
    Map<String, @Nullable Object> arguments = request.arguments();
    List<RuleTrace> traces = new ArrayList<>();
    List<String> denies = new ArrayList<>();
    List<String> allows = new ArrayList<>();
    // Every rule, without the index: explanations are not on the hot path, and an index that
    // disagreed with the rules would show up as an explanation that disagrees with decide().
    for (CompiledRule rule : compiled) {
      if (!rule.appliesTo(tool)) {
        continue;
      }
      RuleTrace trace = rule.trace(caller, tool, arguments);
      traces.add(trace);
      if (trace.matched()) {
        (rule.deny() ? denies : allows).add(rule.rule().id());
      }
    }
    return new ToolExplanation(
        tool.name(),
        request.isCall(),
        decide(request),
        denies.isEmpty() ? allows : denies,
        traces);
  }

  @Override
  public String toString() {
    return "RulePolicyEngine[" + rules.size() + " rules" + (dryRun ? ", dry run" : "") + "]";
  }

  /** Builds a {@link RulePolicyEngine}. Not thread-safe. */
  public static final class Builder {
    private final List<PolicyRule> rules = new ArrayList<>();
    private boolean dryRun;

    private Builder() {}

    /**
     * Adds a rule after those added before.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(PolicyRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a rule after those added before.
     *
     * @param rule a rule builder, built now
     * @return this builder
     * @throws IllegalArgumentException if the rule is invalid
     */
    public Builder rule(PolicyRule.Builder rule) {
      return rule(rule.build());
    }

    /**
     * Adds rules, in order, after those added before.
     *
     * @param rules the rules
     * @return this builder
     */
    public Builder rules(Collection<PolicyRule> rules) {
      rules.forEach(this::rule);
      return this;
    }

    /**
     * Whether to only record denials instead of enforcing them; default false.
     *
     * @param dryRun true to never deny
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Compiles and indexes the rules.
     *
     * @return the engine
     * @throws IllegalArgumentException if two rules have the same id
     */
    public RulePolicyEngine build() {
      return new RulePolicyEngine(rules, dryRun);
    }
  }
}
