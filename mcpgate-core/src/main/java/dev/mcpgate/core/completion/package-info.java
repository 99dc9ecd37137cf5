/**
 * Argument completion ({@code completion/complete}): a {@link
 * dev.mcpgate.core.completion.Completer} registered with a prompt or a resource template suggests
 * values for one of its arguments as the user types.
 */
@NullMarked
package dev.mcpgate.core.completion;

import org.jspecify.annotations.NullMarked;
