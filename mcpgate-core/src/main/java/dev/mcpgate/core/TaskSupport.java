package dev.mcpgate.core;

/**
 * Whether a tool's calls may run as tasks (the {@code io.modelcontextprotocol/tasks} extension of
 * MCP 2026-07-28): a task answers the call at once with a task id, runs the tool in the
 * background, and the client polls it with {@code tasks/get}, answers its questions with {@code
 * tasks/update} and stops it with {@code tasks/cancel}. Set per tool with {@link
 * McpGateway.Builder#taskSupport(String, TaskSupport)}; a tool runs within its request otherwise.
 */
public enum TaskSupport {
  /** Calls always complete within their request (the default). */
  FORBIDDEN,
  /**
   * A call runs as a task when the client declared the tasks extension, within its request
   * otherwise.
   */
  OPTIONAL,
  /**
   * A call runs as a task; a client that did not declare the tasks extension is refused with
   * error -32021 (missing required client capability).
   */
  REQUIRED
}
