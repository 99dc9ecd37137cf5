/**
 * The MCP protocol engine, transport-agnostic: JSON-RPC 2.0, the lifecycle, {@code tools/list}
 * with per-caller filtering and cursor pagination, and {@code tools/call}.
 *
 * <p>{@link dev.mcpgate.core.McpGateway} is the entry point: build one with its builder, register
 * tools implemented in Java with {@link dev.mcpgate.core.ToolHandler}, and mount it with a
 * transport (the servlet module). Transports use {@link
 * dev.mcpgate.core.McpGateway#parse(byte[])} and {@link
 * dev.mcpgate.core.McpGateway#handle(McpSession, dev.mcpgate.api.CallerContext, IncomingMessage,
 * MessageSink)}.
 */
@NullMarked
package dev.mcpgate.core;

import org.jspecify.annotations.NullMarked;
