package dev.mcpgate.control;

import dev.mcpgate.api.McpGateException;

/**
 * The store cannot be read or written: the database is down, the disk is full, the file is not
 * writable. Nothing was changed. The message says what failed, without credentials.
 */
public final class ControlStoreException extends McpGateException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the driver's exception
   */
  public ControlStoreException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL_ERROR, message, cause);
  }
}
