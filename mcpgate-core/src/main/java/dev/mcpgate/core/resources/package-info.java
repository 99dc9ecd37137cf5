/**
 * Resources a gateway serves beside its tools: {@link dev.mcpgate.core.resources.Resource}s with
 * fixed URIs and {@link dev.mcpgate.core.resources.ResourceTemplate}s whose URIs match an RFC 6570
 * {@link dev.mcpgate.core.resources.UriTemplate}, each read by a {@link
 * dev.mcpgate.core.resources.ResourceReader}. Register them on {@link
 * dev.mcpgate.core.McpGateway.Builder} or at run time on the gateway's {@link
 * dev.mcpgate.core.resources.ResourceCatalog}. Policy decides who sees and reads which (see
 * {@link dev.mcpgate.api.PolicyEngine#decideFeature}).
 */
@NullMarked
package dev.mcpgate.core.resources;

import org.jspecify.annotations.NullMarked;
