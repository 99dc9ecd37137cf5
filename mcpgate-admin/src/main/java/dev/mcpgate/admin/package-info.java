/**
 * The admin HTTP API over the control plane: {@link dev.mcpgate.admin.AdminApiServlet}, mounted by
 * an application at a path of its choice and configured by {@link
 * dev.mcpgate.admin.AdminApiConfig}. Its contract is the OpenAPI 3.1 document it serves at {@code
 * api/v1/openapi.json} under the mount path.
 */
@NullMarked
package dev.mcpgate.admin;

import org.jspecify.annotations.NullMarked;
