package dev.mcpgate.core.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user's answer to an elicitation.
 *
 * @param action {@code accept}, {@code decline} or {@code cancel}
 * @param content what the user entered, when accepted; otherwise null
 */
public record Elicitation(String action, @Nullable ObjectNode content) {

  /** Validates the fields. */
  public Elicitation {
    Objects.requireNonNull(action, "action");
  }

  /**
   * Reads a client's {@code elicitation/create} result.
   *
   * @param result the result object
   * @return the answer; an unreadable result counts as cancelled
   */
  public static Elicitation of(JsonNode result) {
    String action = result.path("action").isString() ? result.path("action").asString() : "cancel";
    JsonNode content = result.get("content");
    return new Elicitation(
        action, "accept".equals(action) && content instanceof ObjectNode object ? object : null);
  }

  /**
   * Whether the user accepted and entered something.
   *
   * @return true if accepted
   */
  public boolean accepted() {
    return "accept".equals(action);
  }
}
