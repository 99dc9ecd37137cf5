package dev.mcpgate.core.prompts;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PromptHandler} returns: the prompt's messages.
 *
 * @param description a description of the prompt as filled in, or null
 * @param messages the messages, in order
 */
public record PromptResult(@Nullable String description, List<PromptMessage> messages) {

  /** Validates and copies the fields. */
  public PromptResult {
    messages = List.copyOf(messages);
  }

  /**
   * A result of messages, without a description.
   *
   * @param messages the messages
   * @return the result
   */
  public static PromptResult of(PromptMessage... messages) {
    return new PromptResult(null, List.of(messages));
  }
}
