package dev.mcpgate.core.resources;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Hints for the client about a resource or template: who it is for, how important it is and
 * when it last changed.
 *
 * @param audience who the data is meant for; empty when unspecified
 * @param priority from 0 (entirely optional) to 1 (effectively required), or null
 * @param lastModified when it last changed, as an ISO 8601 string (such as {@code
 *     2025-01-12T15:00:58Z}), or null
 */
public record Annotations(
    List<Audience> audience, @Nullable Double priority, @Nullable String lastModified) {

  /** Who a resource is meant for. */
  public enum Audience {
    /** The human user. */
    USER,
    /** The model. */
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

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the priority is outside 0 to 1
   */
  public Annotations {
    audience = List.copyOf(audience);
    if (priority != null && !(priority >= 0 && priority <= 1)) {
      throw new IllegalArgumentException("priority must be 0 to 1, was " + priority);
    }
  }

  /**
   * Annotations naming only an audience.
   *
   * @param audience who the data is meant for
   * @return the annotations
   */
  public static Annotations forAudience(Audience... audience) {
    Objects.requireNonNull(audience, "audience");
    return new Annotations(List.of(audience), null, null);
  }
}
