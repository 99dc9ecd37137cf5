/**
 * A rule-based {@link dev.mcpgate.api.PolicyEngine}: {@link
 * dev.mcpgate.core.policy.RulePolicyEngine}, fed by {@link dev.mcpgate.core.policy.PolicyRule}s
 * that match on the caller ({@link dev.mcpgate.core.policy.CallerMatch}), on the tool ({@link
 * dev.mcpgate.core.policy.ToolMatch}) and, for calls, on argument values ({@link
 * dev.mcpgate.core.policy.ArgumentCondition}).
 *
 * <p>Combining rule: <b>deny overrides</b>, and <b>default deny</b>. A request is denied when any
 * matching rule denies, allowed when no matching rule denies and at least one allows, and denied
 * when no rule matches. Rules are plain records, so a configuration file can feed them; the
 * engine compiles and indexes them once. {@link
 * dev.mcpgate.core.policy.RulePolicyEngine#explain(dev.mcpgate.api.CallerContext,
 * java.util.Collection)} answers which tools a caller sees and why ({@link
 * dev.mcpgate.core.policy.PolicyExplanation}).
 */
@NullMarked
package dev.mcpgate.core.policy;

import org.jspecify.annotations.NullMarked;
