/**
 * The server features beside tools: the registries behind {@link
 * dev.mcpgate.core.resources.ResourceCatalog} and {@link dev.mcpgate.core.prompts.PromptCatalog},
 * and the methods that serve them ({@code resources/*}, {@code prompts/*}, {@code
 * completion/complete}) under policy and audit.
 */
@NullMarked
package dev.mcpgate.core.internal.features;

import org.jspecify.annotations.NullMarked;
