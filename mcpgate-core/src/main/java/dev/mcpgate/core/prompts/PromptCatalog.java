package dev.mcpgate.core.prompts;

import dev.mcpgate.core.completion.Completer;
import java.util.Optional;

/**
 * The prompts a gateway serves; register and remove them at run time here ({@link
 * dev.mcpgate.core.McpGateway#prompts()}). Sessions learn of a change by {@code
 * notifications/prompts/list_changed}.
 *
 * <p>Thread-safe: reads see an immutable snapshot that writes replace. Implemented by the
 * gateway, not by users.
 */
public interface PromptCatalog {

  /**
   * Registers a prompt, replacing one with the same name.
   *
   * @param prompt the prompt
   * @param handler what fills it in
   */
  void register(Prompt prompt, PromptHandler handler);

  /**
   * Registers a prompt whose arguments {@code completion/complete} can complete.
   *
   * @param prompt the prompt
   * @param handler what fills it in
   * @param completer what suggests values for its arguments
   */
  void register(Prompt prompt, PromptHandler handler, Completer completer);

  /**
   * Removes a prompt by name.
   *
   * @param name the prompt's name
   * @return true if it was registered
   */
  boolean remove(String name);

  /**
   * A prompt by name.
   *
   * @param name the name
   * @return the prompt, if registered
   */
  Optional<Prompt> find(String name);

  /**
   * Whether nothing is registered: then the gateway does not advertise the {@code prompts}
   * capability to clients that initialize.
   *
   * @return true when no prompt is registered
   */
  boolean isEmpty();
}
