package dev.mcpgate.core;

import dev.mcpgate.api.McpGateException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message that is not valid JSON-RPC: unparseable, not an object, or missing required
 * members. The message is safe to send to the client; the exception carries no stack trace, as
 * bad input is expected and must be cheap to refuse.
 */
public final class McpProtocolException extends McpGateException {

  private static final long serialVersionUID = 1L;

  private final transient @Nullable JsonNode requestId;

  /**
   * A protocol error.
   *
   * @param code {@link ErrorCode#PARSE_ERROR} or {@link ErrorCode#INVALID_REQUEST}
   * @param message a message safe to send to the client
   * @param requestId the request's id if it could be read, else null
   */
  public McpProtocolException(ErrorCode code, String message, @Nullable JsonNode requestId) {
    super(code, message, false);
    this.requestId = requestId;
  }

  /**
   * The id of the offending request, if it could be read.
   *
   * @return the id node, or null
   */
  public @Nullable JsonNode requestId() {
    return requestId;
  }
}
