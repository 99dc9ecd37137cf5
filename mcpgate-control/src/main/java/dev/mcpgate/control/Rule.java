package dev.mcpgate.control;

import java.util.Objects;

/**
 * A stored policy rule. Immutable and thread-safe.
 *
 * @param meta id (the rule's id), revision, owner, history
 * @param definition the rule
 */
public record Rule(ObjectMeta meta, RuleDefinition definition) implements ControlObject {

  /** Validates the fields. */
  public Rule {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(definition, "definition");
    if (!meta.id().equals(definition.id())) {
      throw new IllegalArgumentException("a rule's object id is its rule id");
    }
  }
}
