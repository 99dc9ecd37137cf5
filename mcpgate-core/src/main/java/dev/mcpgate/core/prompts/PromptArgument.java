package dev.mcpgate.core.prompts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One argument of a {@link Prompt}. Prompt arguments are strings on the wire; a {@code
 * prompts/get} that leaves out a required one, or sends one that is not a string, is refused
 * with JSON-RPC error -32602 before the handler runs.
 *
 * @param name its name
 * @param title a human-readable name, or null
 * @param description what it is for, or null
 * @param required whether {@code prompts/get} must supply it
 */
public record PromptArgument(
    String name, @Nullable String title, @Nullable String description, boolean required) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public PromptArgument {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a prompt argument needs a name");
    }
  }

  /**
   * A required argument.
   *
   * @param name its name
   * @param description what it is for
   * @return the argument
   */
  public static PromptArgument required(String name, String description) {
    return new PromptArgument(name, null, description, true);
  }

  /**
   * An optional argument.
   *
   * @param name its name
   * @param description what it is for
   * @return the argument
   */
  public static PromptArgument optional(String name, String description) {
    return new PromptArgument(name, null, description, false);
  }
}
