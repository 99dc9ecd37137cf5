package dev.mcpgate.core.prompts;

/**
 * Fills in a prompt in Java. Register one with {@link
 * dev.mcpgate.core.McpGateway.Builder#prompt(Prompt, PromptHandler)}.
 *
 * <p>Handlers must be thread-safe. An exception is treated as a bug: the client gets JSON-RPC
 * error -32603 without the exception's message, and the gateway logs it.
 */
@FunctionalInterface
public interface PromptHandler {

  /**
   * Fills in the prompt.
   *
   * @param get the checked arguments and the caller
   * @return the messages
   * @throws Exception if it fails unexpectedly
   */
  PromptResult get(PromptGet get) throws Exception;
}
