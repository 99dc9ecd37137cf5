package dev.mcpgate.core.client;

import dev.mcpgate.api.McpGateException;

/**
 * The client did not answer a request it was sent: it answered with an error, did not answer in
 * time, or its session ended. A tool that lets it propagate fails with an {@code isError} result.
 */
public final class ClientRequestFailedException extends McpGateException {

  private static final long serialVersionUID = 1L;

  /**
   * A failure.
   *
   * @param message what went wrong, safe to show the client
   */
  public ClientRequestFailedException(String message) {
    super(ErrorCode.INTERNAL_ERROR, message, false);
  }
}
