package dev.mcpgate.core;

import dev.mcpgate.api.McpGateException.ErrorCode;
import dev.mcpgate.core.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives the engine's answers to a 2026-07-28 request the shape that revision requires: every
 * result says its {@code resultType} and names the server in {@code _meta}; list and read results
 * carry caching hints; a missing resource is invalid params rather than -32002; and an error
 * travels through {@link MessageSink#errorResponse(int, byte[])} so the transport can choose its
 * status.
 */
final class StatelessReplies implements MessageSink {

  private static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  private static final int RESOURCE_NOT_FOUND = -32002;

  private final MessageSink sink;
  private final @Nullable String method;
  private final ObjectNode serverInfo;
  private final long cacheTtlMillis;

  StatelessReplies(
      MessageSink sink, @Nullable String method, ObjectNode serverInfo, long cacheTtlMillis) {
    this.sink = sink;
    this.method = method;
    this.serverInfo = serverInfo;
    this.cacheTtlMillis = cacheTtlMillis;
  }

  @Override
  public void notification(byte[] json) {
    sink.notification(json);
  }

  @Override
  public void request(byte[] json) {
    throw new IllegalStateException("2026-07-28 has no requests from server to client");
  }

  @Override
  public void errorResponse(int code, byte[] json) {
    response(json);
  }

  @Override
  public void response(byte[] json) {
    ObjectNode message = (ObjectNode) Json.MAPPER.readTree(json);
    JsonNode error = message.get("error");
    if (error instanceof ObjectNode failure) {
      int code = failure.path("code").asInt();
      if (code == RESOURCE_NOT_FOUND) {
        code = ErrorCode.INVALID_PARAMS.jsonRpcCode();
        failure.put("code", code);
      }
      sink.errorResponse(code, Json.MAPPER.writeValueAsBytes(message));
      return;
    }
    if (message.get("result") instanceof ObjectNode result) {
      if (!result.has("resultType")) {
        result.put("resultType", "complete");
      }
      JsonNode meta = result.get("_meta");
      ObjectNode tags = meta instanceof ObjectNode object ? object : result.putObject("_meta");
      tags.set(SERVER_INFO, serverInfo);
      if (cacheable() && "complete".equals(result.path("resultType").asString())) {
        result.put("ttlMs", cacheTtlMillis);
        // What a caller sees depends on who it is: never for shared caches.
        result.put("cacheScope", "private");
      }
    }
    sink.response(Json.MAPPER.writeValueAsBytes(message));
  }

  private boolean cacheable() {
    return method != null && switch (method) {
      case "tools/list", "prompts/list", "resources/list", "resources/templates/list",
          "resources/read", "server/discover" -> true;
      default -> false;
    };
  }
}
