/**
 * The admin HTTP API over the control plane: {@link dev.mcpgate.admin.AdminApiServlet}, mounted by
 * an application at a path of its choice and configured by {@link
 * dev.mcpgate.admin.AdminApiConfig}. Its contract is the OpenAPI 3.1 document it serves at {@code
 * api/v1/openapi.json} under the mount path. {@link dev.mcpgate.admin.OperatorGrants} lets the
 * Management MCP endpoint ({@code dev.mcpgate.admin.mcp}) call it in-process as an operator.
 */
@NullMarked
package dev.mcpgate.admin;

import org.jspecify.annotations.NullMarked;
