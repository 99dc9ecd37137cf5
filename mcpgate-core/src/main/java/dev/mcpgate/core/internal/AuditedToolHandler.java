package dev.mcpgate.core.internal;

import dev.mcpgate.core.ToolCall;
import dev.mcpgate.core.ToolHandler;
import dev.mcpgate.core.ToolResult;

/**
 * A tool handler that adds to its call's audit record, which it receives as an argument. The
 * upstream adapter's handlers are of this kind; every other handler is wrapped into one when its
 * tool is registered, so that the engine calls each the same way. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface AuditedToolHandler extends ToolHandler {

  /**
   * Handles a call, adding to its audit record.
   *
   * @param call the call
   * @param audit the call's audit record, used by this thread only
   * @return the result; never null
   * @throws Exception when the tool fails; the caller gets an {@code isError} result
   */
  ToolResult call(ToolCall call, CallAudit audit) throws Exception;

  /** Handles a call whose audit record goes nowhere: the call was made outside the engine. */
  @Override
  default ToolResult call(ToolCall call) throws Exception {
    return call(call, CallAudit.discarded());
  }

  /**
   * A handler as the engine calls it.
   *
   * @param handler a handler
   * @return the handler itself when it records, else one that ignores the record
   */
  static AuditedToolHandler of(ToolHandler handler) {
    return handler instanceof AuditedToolHandler audited
        ? audited
        : (call, audit) -> handler.call(call);
  }
}
