/** The Management MCP endpoint's implementation: tools, identity, policy, plans. */
@NullMarked
package dev.mcpgate.admin.mcp.internal;

import org.jspecify.annotations.NullMarked;
