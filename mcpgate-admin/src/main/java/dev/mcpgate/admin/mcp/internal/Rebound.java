package dev.mcpgate.admin.mcp.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.LogLevel;
import dev.mcpgate.core.ToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A management tool call handed to the upstream adapter as a call of the imported admin API
 * operation, with the arguments the plan or apply step decided; the caller, request id,
 * progress, logging and cancellation are the original call's.
 */
final class Rebound implements ToolCall {

  private final ToolCall call;
  private final ToolDefinition tool;
  private final ObjectNode arguments;

  Rebound(ToolCall call, ToolDefinition tool, ObjectNode arguments) {
    this.call = call;
    this.tool = tool;
    this.arguments = arguments;
  }

  @Override
  public ToolDefinition tool() {
    return tool;
  }

  @Override
  public ObjectNode arguments() {
    return arguments;
  }

  @Override
  public CallerContext caller() {
    return call.caller();
  }

  @Override
  public String requestId() {
    return call.requestId();
  }

  @Override
  public void progress(double progress, @Nullable Double total, @Nullable String message) {
    call.progress(progress, total, message);
  }

  @Override
  public void log(LogLevel level, @Nullable String logger, JsonNode data) {
    call.log(level, logger, data);
  }

  @Override
  public void log(LogLevel level, String message) {
    call.log(level, message);
  }

  @Override
  public boolean isCancelled() {
    return call.isCancelled();
  }
}
