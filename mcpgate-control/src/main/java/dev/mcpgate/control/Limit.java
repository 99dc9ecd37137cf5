package dev.mcpgate.control;

import java.util.Objects;

/**
 * A stored rate limit. Immutable and thread-safe.
 *
 * @param meta id (the limit's id), revision, owner, history
 * @param definition the limit
 */
public record Limit(ObjectMeta meta, LimitDefinition definition) implements ControlObject {

  /** Validates the fields. */
  public Limit {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(definition, "definition");
    if (!meta.id().equals(definition.id())) {
      throw new IllegalArgumentException("a limit's object id is its limit id");
    }
  }
}
