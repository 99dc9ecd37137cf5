package dev.mcpgate.openapi;

import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an import: the source, one tool per selected operation, and the warnings.
 *
 * @param source what was imported
 * @param tools the tools, in the document's order, with unique names
 * @param warnings what was skipped or changed, and why
 */
public record ImportResult(
    ImportedSource source, List<ToolDefinition> tools, List<ImportWarning> warnings) {

  /** Validates and copies the fields. */
  public ImportResult {
    Objects.requireNonNull(source, "source");
    tools = List.copyOf(tools);
    warnings = List.copyOf(warnings);
  }
}
