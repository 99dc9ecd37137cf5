/**
 * The Management MCP endpoint: the admin API's operations as MCP tools for an operator's own
 * agent, under the operator's identity and role. {@link dev.mcpgate.admin.mcp.ManagementMcpServlet}
 * serves it, configured by {@link dev.mcpgate.admin.mcp.ManagementMcpConfig}; a destructive change
 * needs a human's confirmation through {@link dev.mcpgate.admin.mcp.HumanConfirmation}.
 */
@NullMarked
package dev.mcpgate.admin.mcp;

import org.jspecify.annotations.NullMarked;
