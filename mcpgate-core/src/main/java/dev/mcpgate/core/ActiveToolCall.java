package dev.mcpgate.core;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.client.ClientRequests;
import dev.mcpgate.core.internal.Json;
import dev.mcpgate.core.internal.JsonRpc;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** The {@link ToolCall} of one request in flight. */
final class ActiveToolCall implements ToolCall {

  private final ToolDefinition tool;
  private final ObjectNode arguments;
  private final CallerContext caller;
  private final String requestId;
  private final @Nullable JsonNode progressToken;
  private final McpSession session;
  private final MessageSink sink;
  private volatile ClientRequests client = ClientRequests.unsupported();
  private volatile boolean cancelled;
  private volatile java.util.function.@Nullable BooleanSupplier escalation;
  private boolean finished;

  ActiveToolCall(
      ToolDefinition tool,
      ObjectNode arguments,
      CallerContext caller,
      String requestId,
      @Nullable JsonNode progressToken,
      McpSession session,
      MessageSink sink) {
    this.tool = tool;
    this.arguments = arguments;
    this.caller = caller;
    this.requestId = requestId;
    this.progressToken = progressToken;
    this.session = session;
    this.sink = sink;
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
    return caller;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public void progress(double progress, @Nullable Double total, @Nullable String message) {
    if (progressToken == null) {
      return;
    }
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.set("progressToken", progressToken);
    params.put("progress", progress);
    if (total != null) {
      params.put("total", total.doubleValue());
    }
    if (message != null) {
      params.put("message", message);
    }
    send(JsonRpc.notification("notifications/progress", params));
  }

  @Override
  public void log(LogLevel level, @Nullable String logger, JsonNode data) {
    if (!session.logging() || level.compareTo(session.logLevel()) < 0) {
      return;
    }
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("level", level.wireName());
    if (logger != null) {
      params.put("logger", logger);
    }
    params.set("data", data);
    send(JsonRpc.notification("notifications/message", params));
  }

  @Override
  public void log(LogLevel level, String message) {
    log(level, null, StringNode.valueOf(message));
  }

  void client(ClientRequests client) {
    this.client = client;
  }

  /** What {@link #continueAsTask()} runs: makes the call a task, or says it cannot be one. */
  void escalation(java.util.function.BooleanSupplier escalation) {
    this.escalation = escalation;
  }

  @Override
  public boolean continueAsTask() {
    java.util.function.BooleanSupplier to = escalation;
    return to != null && to.getAsBoolean();
  }

  @Override
  public ClientRequests client() {
    return client;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }

  private synchronized void send(byte[] notification) {
    // Nothing may follow the response, and a cancelled request gets no more messages.
    if (!finished && !cancelled) {
      sink.notification(notification);
    }
  }

  /** Sends the client a request of the server's, unless the call has ended. */
  synchronized void sendRequest(byte[] request) {
    if (!finished && !cancelled) {
      sink.request(request);
    }
  }

  synchronized void abandon() {
    finished = true;
  }

  synchronized void finish(byte[] response) {
    finished = true;
    sink.response(response);
  }
}
