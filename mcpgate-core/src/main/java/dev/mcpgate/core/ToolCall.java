package dev.mcpgate.core;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.client.ClientRequests;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One invocation of a tool, as its {@link ToolHandler} sees it: the validated arguments, the
 * caller, and ways to report progress and log to the client while it runs.
 *
 * <p>An instance belongs to one call and is used by the thread running the handler; {@link
 * #progress} and {@link #log} may also be called from other threads while the call runs.
 */
public interface ToolCall {

  /**
   * The tool being called.
   *
   * @return its definition
   */
  ToolDefinition tool();

  /**
   * The arguments, already validated against the tool's input schema. Do not modify.
   *
   * @return a JSON object; empty when the client sent none
   */
  ObjectNode arguments();

  /**
   * Who is calling.
   *
   * @return the caller
   */
  CallerContext caller();

  /**
   * The gateway's id for this request, as recorded in the audit trail.
   *
   * @return the request id
   */
  String requestId();

  /**
   * Reports progress to the client, if it asked for progress (sent a {@code progressToken});
   * otherwise does nothing. Progress should increase with each call.
   *
   * @param progress the progress so far
   * @param total the total, or null if unknown
   * @param message a human-readable message, or null
   */
  void progress(double progress, @Nullable Double total, @Nullable String message);

  /**
   * Sends a log message to the client, if {@code level} is at or above the level the client set
   * with {@code logging/setLevel}. Never log secrets.
   *
   * @param level the severity
   * @param logger the logger's name, or null
   * @param data the message: a string or any JSON value
   */
  void log(LogLevel level, @Nullable String logger, JsonNode data);

  /**
   * Sends a text log message to the client; see {@link #log(LogLevel, String, JsonNode)}.
   *
   * @param level the severity
   * @param message the message
   */
  void log(LogLevel level, String message);

  /**
   * Whether the client cancelled this request ({@code notifications/cancelled}). A long-running
   * handler checks this and stops early; its result is then discarded.
   *
   * @return true once cancelled
   */
  boolean isCancelled();

  /**
   * How this call asks its client for input (elicitation, sampling, roots) on either protocol
   * revision. The default supports nothing.
   *
   * @return the call's requests to the client
   */
  default ClientRequests client() {
    return ClientRequests.unsupported();
  }

  /**
   * Hands the rest of this call to a task, when it may run as one: on MCP 2026-07-28, for a tool
   * with {@link TaskSupport} whose client declared the tasks extension. The request is then
   * answered at once with the task, the handler goes on in the background, and what it asks the
   * client from then on is asked through the task; what it returns becomes the task's result.
   * Questions asked before this (input-required rounds) are answered within the request, so a
   * tool can gather its input first and then run as a task. Calling it again does nothing more.
   *
   * <p>Otherwise (the revisions with sessions, a tool without task support, a client that did
   * not declare the extension) nothing changes: the call goes on within its request.
   *
   * @return true if the call now runs as a task
   */
  default boolean continueAsTask() {
    return false;
  }
}
