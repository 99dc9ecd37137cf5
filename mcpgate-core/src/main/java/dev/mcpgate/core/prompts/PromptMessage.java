package dev.mcpgate.core.prompts;

import dev.mcpgate.core.Content;
import java.util.Objects;

/**
 * One message of a prompt: who says it and what (text, an image, audio, an embedded resource or
 * a resource link).
 *
 * @param role who says it
 * @param content what is said
 */
public record PromptMessage(Role role, Content content) {

  /** Who says a message. */
  public enum Role {
    /** The user. */
    USER,
    /** The assistant. */
    ASSISTANT;

    /**
     * The name on the wire.
     *
     * @return {@code user} or {@code assistant}
     */
    public String wireName() {
      return this == USER ? "user" : "assistant";
    }
  }

  /** Validates the fields. */
  public PromptMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /**
   * A message from the user.
   *
   * @param content what the user says
   * @return the message
   */
  public static PromptMessage user(Content content) {
    return new PromptMessage(Role.USER, content);
  }

  /**
   * A message from the assistant.
   *
   * @param content what the assistant says
   * @return the message
   */
  public static PromptMessage assistant(Content content) {
    return new PromptMessage(Role.ASSISTANT, content);
  }
}
