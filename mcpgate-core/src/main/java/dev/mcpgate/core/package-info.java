/**
 * The MCP protocol engine, transport-agnostic: JSON-RPC 2.0, the lifecycle, {@code tools/list}
 * with per-caller filtering and cursor pagination, and {@code tools/call}.
 *
 * <p>{@link dev.mcpgate.core.McpGateway} is the entry point: build one with its builder, register
 * tools implemented in Java with {@link dev.mcpgate.core.ToolHandler}, and mount it with a
 * transport (the servlet module).
 *
 * <p>The transport SPI, for the servlet module and for custom transports: {@link
 * dev.mcpgate.core.McpEndpoint} (from {@link dev.mcpgate.core.McpGateway#endpoint()}) and the
 * types that cross it, {@link dev.mcpgate.core.IncomingMessage}, {@link
 * dev.mcpgate.core.McpSession}, {@link dev.mcpgate.core.MessageSink}, {@link
 * dev.mcpgate.core.SessionNotifier} and {@link dev.mcpgate.core.McpProtocolException}.
 */
@NullMarked
package dev.mcpgate.core;

import org.jspecify.annotations.NullMarked;
