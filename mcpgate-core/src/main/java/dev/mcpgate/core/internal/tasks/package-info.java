/**
 * Tool calls run as tasks (the {@code io.modelcontextprotocol/tasks} extension of MCP
 * 2026-07-28): the tasks of every caller, each visible only to the identity that created it.
 */
@NullMarked
package dev.mcpgate.core.internal.tasks;

import org.jspecify.annotations.NullMarked;
