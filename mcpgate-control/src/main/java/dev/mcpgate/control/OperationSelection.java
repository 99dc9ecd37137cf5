package dev.mcpgate.control;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a source's tools are served. A source without a selection serves every tool of its
 * active revision; with one, only the tools named (a name the revision lacks selects nothing).
 * Immutable and thread-safe.
 *
 * @param meta id (the source's id), revision, owner, history
 * @param tools the selected tool names, sorted
 */
public record OperationSelection(ObjectMeta meta, Set<String> tools) implements ControlObject {

  /** Validates and copies the fields. */
  public OperationSelection {
    Objects.requireNonNull(meta, "meta");
    tools.forEach(tool -> Objects.requireNonNull(tool, "tool"));
    tools = Set.copyOf(new TreeSet<>(tools));
  }
}
