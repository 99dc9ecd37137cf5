/**
 * The compiled form of a {@link dev.mcpgate.core.policy.RulePolicyEngine}'s rules: conditions as
 * small matchers, globs without regular expressions, and an index from tool name, name prefix,
 * source and tag to the rules that can apply. Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.policy;

import org.jspecify.annotations.NullMarked;
