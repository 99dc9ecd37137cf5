/**
 * Prompts a gateway serves beside its tools: a {@link dev.mcpgate.core.prompts.Prompt} with its
 * {@link dev.mcpgate.core.prompts.PromptArgument}s, answered by a {@link
 * dev.mcpgate.core.prompts.PromptHandler} with {@link dev.mcpgate.core.prompts.PromptMessage}s.
 * Register them on {@link dev.mcpgate.core.McpGateway.Builder} or at run time on the gateway's
 * {@link dev.mcpgate.core.prompts.PromptCatalog}. Policy decides who sees and gets which (see
 * {@link dev.mcpgate.api.PolicyEngine#decideFeature}).
 */
@NullMarked
package dev.mcpgate.core.prompts;

import org.jspecify.annotations.NullMarked;
