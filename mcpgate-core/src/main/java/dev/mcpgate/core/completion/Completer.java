package dev.mcpgate.core.completion;

/**
 * Suggests values for the arguments of one prompt or the variables of one resource template.
 * Must be thread-safe and quick (clients ask as the user types). An exception is treated as a
 * bug: the client gets JSON-RPC error -32603 and the gateway logs it.
 */
@FunctionalInterface
public interface Completer {

  /**
   * Suggests values.
   *
   * @param request the argument, what was typed and the caller
   * @return the suggestions; {@link Completion#none()} when there are none
   * @throws Exception if it fails unexpectedly
   */
  Completion complete(CompletionRequest request) throws Exception;
}
