package dev.mcpgate.core;

/**
 * Where the engine writes the messages that answer one client request: zero or more
 * notifications related to it (progress, log messages), then exactly one response, or none
 * when the client cancelled the request ({@code notifications/cancelled}).
 *
 * <p>Part of the transport SPI: a transport passes one to {@link McpEndpoint#handle} for each
 * request and decides how the messages travel. The servlet transport answers with plain JSON when
 * only the response comes, and switches to an SSE stream when a notification comes first.
 * Calls for one request come from one thread at a time, in order.
 */
public interface MessageSink {

  /**
   * Sends a notification related to the request in progress.
   *
   * @param json a complete JSON-RPC notification, UTF-8
   */
  void notification(byte[] json);

  /**
   * Sends the client a request of the server's (elicitation, sampling, roots) while the request
   * in progress runs, on a protocol revision with sessions; the client's response arrives as a
   * message of its own. By default it travels as {@link #notification(byte[])} does.
   *
   * @param json a complete JSON-RPC request, UTF-8
   */
  default void request(byte[] json) {
    notification(json);
  }

  /**
   * Sends the response when it is a JSON-RPC error, so that a transport can choose a status for
   * it (on 2026-07-28, HTTP 400 for invalid params and 404 for an unknown method). By default it
   * travels as {@link #response(byte[])} does; the last call for this request.
   *
   * @param code the JSON-RPC error code
   * @param json a complete JSON-RPC error response, UTF-8
   */
  default void errorResponse(int code, byte[] json) {
    response(json);
  }

  /**
   * Sends the response; the last call for this request.
   *
   * @param json a complete JSON-RPC response, UTF-8
   */
  void response(byte[] json);
}
