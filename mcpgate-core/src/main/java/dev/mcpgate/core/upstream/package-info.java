/**
 * Calling upstream HTTP APIs on behalf of tools: where a call may go ({@link
 * dev.mcpgate.core.upstream.TargetPolicy}), the request the gateway builds from a tool's
 * arguments ({@link dev.mcpgate.core.upstream.UpstreamRequest}) and the response it maps back
 * ({@link dev.mcpgate.core.upstream.UpstreamResponse}).
 */
@NullMarked
package dev.mcpgate.core.upstream;

import org.jspecify.annotations.NullMarked;
