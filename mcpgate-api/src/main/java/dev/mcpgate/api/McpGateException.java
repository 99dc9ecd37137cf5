package dev.mcpgate.api;

import java.util.Objects;

/**
 * The root of mcpgate's unchecked exceptions: a bug or a broken dependency, never a denial
 * (denials are return values). Each carries a stable {@link ErrorCode} that maps to a JSON-RPC
 * error; its message is written for an operator and is never sent to a caller unless the code
 * says so.
 */
public class McpGateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Stable error codes, each with the JSON-RPC error code it maps to. */
  public enum ErrorCode {
    /** The request could not be parsed. */
    PARSE_ERROR(-32700),
    /** The message is not a valid JSON-RPC request. */
    INVALID_REQUEST(-32600),
    /** The method does not exist (or is not available to the caller). */
    METHOD_NOT_FOUND(-32601),
    /** The parameters are invalid, including an unknown tool. */
    INVALID_PARAMS(-32602),
    /** Something broke inside the gateway. */
    INTERNAL_ERROR(-32603);

    private final int jsonRpcCode;

    ErrorCode(int jsonRpcCode) {
      this.jsonRpcCode = jsonRpcCode;
    }

    /**
     * The JSON-RPC error code.
     *
     * @return such as {@code -32602}
     */
    public int jsonRpcCode() {
      return jsonRpcCode;
    }
  }

  private final ErrorCode code;

  /**
   * An exception with a code and a message.
   *
   * @param code the stable code
   * @param message for an operator; never a secret
   */
  public McpGateException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * An exception with a code, a message and a cause.
   *
   * @param code the stable code
   * @param message for an operator; never a secret
   * @param cause the underlying failure
   */
  public McpGateException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * An exception that skips filling in its stack trace, for failures expected on hot paths.
   *
   * @param code the stable code
   * @param message for an operator; never a secret
   * @param writableStackTrace false to skip the stack trace
   */
  protected McpGateException(ErrorCode code, String message, boolean writableStackTrace) {
    super(message, null, false, writableStackTrace);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The stable error code.
   *
   * @return the code
   */
  public ErrorCode code() {
    return code;
  }
}
