/**
 * What users of mcpgate need in their own integration tests: {@link
 * dev.mcpgate.testkit.McpTestClient}, a small MCP Streamable HTTP client that shows exactly what
 * went over the wire.
 */
@NullMarked
package dev.mcpgate.testkit;

import org.jspecify.annotations.NullMarked;
