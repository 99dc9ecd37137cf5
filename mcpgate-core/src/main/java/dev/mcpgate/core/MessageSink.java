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
   * Sends the response; the last call for this request.
   *
   * @param json a complete JSON-RPC response, UTF-8
   */
  void response(byte[] json);
}
