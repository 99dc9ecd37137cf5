package dev.mcpgate.openapi.internal;

import dev.mcpgate.openapi.ImportWarning;
import dev.mcpgate.openapi.ImportedSource;
import java.util.List;

/**
 * What a {@link DescriptionReader} found.
 *
 * @param source the document's description of itself
 * @param candidates every operation it could convert, in document order
 * @param warnings what it skipped or changed
 */
public record ReadResult(
    ImportedSource source, List<Candidate> candidates, List<ImportWarning> warnings) {

  /** Copies the lists. */
  public ReadResult {
    candidates = List.copyOf(candidates);
    warnings = List.copyOf(warnings);
  }
}
