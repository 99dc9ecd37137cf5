package dev.mcpgate.core.prompts;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A prompt (or prompt template), as {@code prompts/list} describes it.
 *
 * @param name its name, unique within a gateway
 * @param title a human-readable name, or null
 * @param description what it provides, or null
 * @param arguments its arguments, in order; names unique
 */
public record Prompt(
    String name, @Nullable String title, @Nullable String description,
    List<PromptArgument> arguments) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the name is blank or two arguments share a name
   */
  public Prompt {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a prompt needs a name");
    }
    arguments = List.copyOf(arguments);
    Set<String> names = new HashSet<>();
    for (PromptArgument argument : arguments) {
      if (!names.add(argument.name())) {
        throw new IllegalArgumentException(
            "prompt '" + name + "' has two arguments named '" + argument.name() + "'");
      }
    }
  }

  /**
   * A prompt with a description and arguments, without a title.
   *
   * @param name its name
   * @param description what it provides
   * @param arguments its arguments
   * @return the prompt
   */
  public static Prompt of(String name, String description, PromptArgument... arguments) {
    return new Prompt(name, null, description, List.of(arguments));
  }
}
