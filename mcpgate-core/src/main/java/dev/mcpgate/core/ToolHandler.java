package dev.mcpgate.core;

/**
 * Implements a tool in Java. Register one with {@link McpGateway.Builder#tool(
 * dev.mcpgate.api.ToolDefinition, ToolHandler)}.
 *
 * <p>Handlers must be thread-safe: calls run concurrently. A handler reports a failure the model
 * should see as {@link ToolResult#error(String)}. An exception is treated as a bug: the client
 * gets an {@code isError} result that says the tool failed, without the exception's message or
 * stack trace, and the gateway logs it.
 */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Runs the tool.
   *
   * @param call the arguments, the caller, and progress and logging
   * @return the result
   * @throws Exception if the tool fails unexpectedly
   */
  ToolResult call(ToolCall call) throws Exception;
}
