/**
 * Building and guarding upstream HTTP requests: what a tool call sends, and where it may go.
 * Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.upstream;

import org.jspecify.annotations.NullMarked;
